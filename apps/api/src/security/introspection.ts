import { NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '@sportello/schema/errors';
import type { Viewer } from '@sportello/schema/domain/identity';
import type { SecurityConfig } from '../config.ts';
import type { Context } from '@sportello/schema/context';

/** The support staff (by session or by API token) may read the schema; anonymous callers and customers may not. */
export const mayIntrospect = (viewer: Viewer | null) => viewer?.isStaff ?? false;

const viewerOf = (context: object) => (context as Partial<Context>).viewer ?? null;

function introspectionRefused(schema: GraphQLSchema, document: DocumentNode, viewer: Viewer | null): AppError | null {
  if (mayIntrospect(viewer)) return null;
  // graphql-js's own rule finds __schema and __type (not __typename), fragments included.
  if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return null;
  return viewer
    ? new AppError('FORBIDDEN', 'Only the support staff may introspect the schema.')
    : new AppError('UNAUTHENTICATED', 'Sign in to introspect the schema.');
}

/**
 * Introspection only for staff and API tokens when SPORTELLO_INTROSPECTION=staff (the default in production).
 * Checked when the operation is about to run, because who is asking is only known once the context is built
 * (Yoga validates before that); the same hook runs for graphql-ws operations.
 */
export function useIntrospectionRule(config: SecurityConfig): Plugin {
  if (config.introspection === 'all') return {};
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = introspectionRefused(args.schema, args.document, viewerOf(args.contextValue));
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = introspectionRefused(args.schema, args.document, viewerOf(args.contextValue));
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
