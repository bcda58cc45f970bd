import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '@sportello/schema/errors';
import type { SecurityConfig } from '../config.ts';

type Limit = 'depth' | 'cost' | 'aliases' | 'tokens' | 'directives';

/** QUERY_TOO_COMPLEX, naming the limit in `extensions.limit`, with graphql-armor's message (what was found). */
function tooComplex(limit: Limit, error: GraphQLError): AppError {
  return new AppError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''), { limit });
}

/**
 * Reports a query over a limit as a validation error (so the query is not run, and Yoga answers 400). The token
 * count is taken while parsing, where there is no validation context: that one is thrown, and Yoga reports it.
 */
function reject(limit: Limit) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    if (!context) throw tooComplex(limit, error);
    context.reportError(tooComplex(limit, error));
  };
}

/**
 * graphql-armor's limits on depth, cost, aliases, tokens and directives, for every operation: Yoga's HTTP
 * requests and graphql-ws's subscribe messages parse and validate through the same envelop. Page sizes are capped
 * by the schema itself (Relay connections take at most 100 nodes, see packages/schema/src/builder.ts).
 */
export function useQueryLimits(config: SecurityConfig): Plugin {
  const { maxDepth, maxCost, maxAliases, maxTokens, maxDirectives } = config.queryLimits;
  return EnvelopArmorPlugin({
    maxDepth: { n: maxDepth, onReject: [reject('depth')], propagateOnRejection: false },
    costLimit: { maxCost, onReject: [reject('cost')], propagateOnRejection: false },
    maxAliases: { n: maxAliases, onReject: [reject('aliases')], propagateOnRejection: false },
    maxDirectives: { n: maxDirectives, onReject: [reject('directives')], propagateOnRejection: false },
    maxTokens: { n: maxTokens, onReject: [reject('tokens')], propagateOnRejection: false },
    // "Did you mean …?" would spell out the schema to whoever may not introspect it.
    blockFieldSuggestion: { enabled: config.introspection === 'staff' },
  }) as Plugin;
}
