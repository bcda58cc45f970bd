import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** Values the generated arguments draw from besides random ones: real ids and codes, so that checks are reached. */
export interface Pools {
  ids: string[];
  strings: string[];
}

export interface GeneratedOperation {
  kind: 'query' | 'mutation' | 'subscription';
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * The codes an API error may carry: the application's own (the ErrorCode union of packages/schema/src/errors.ts,
 * read from the source so that codes added later count) and the ones Yoga gives to requests that are not GraphQL
 * the schema accepts. INTERNAL_SERVER_ERROR — an unexpected, masked error — is deliberately not one of them.
 */
export async function knownErrorCodes(): Promise<Set<string>> {
  const source = await readFile(new URL('../../../packages/schema/src/errors.ts', import.meta.url), 'utf8');
  const union = /export type ErrorCode =([^;]*);/.exec(source)?.[1] ?? '';
  const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!);
  // Yoga's: a document that does not parse or validate, a body that is not a GraphQL request, an operationName
  // that names no operation of the document, a body over the size limit.
  const yoga = [
    'GRAPHQL_VALIDATION_FAILED',
    'GRAPHQL_PARSE_FAILED',
    'BAD_USER_INPUT',
    'BAD_REQUEST',
    'OPERATION_RESOLUTION_FAILURE',
    'REQUEST_ENTITY_TOO_LARGE',
  ];
  return new Set([...codes, ...yoga]);
}

const MAX_SELECTION_DEPTH = 2;

function scalarArbitrary(name: string, pools: Pools): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -3, max: 120 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.ids) }, fc.uuid(), fc.string({ maxLength: 12 }));
    case 'DateTime':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2031-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
    default:
      return fc.oneof(
        fc.constantFrom(...pools.strings),
        fc.string({ maxLength: 60 }),
        fc.fullUnicodeString({ maxLength: 20 }),
      );
  }
}

/** A value of `type`, as a variable would carry it (nullable positions are sometimes null). */
export function valueArbitrary(type: GraphQLInputType, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  // Files come in multipart requests only (permissions.test.ts sends those): a JSON request has none.
  if (getNamedType(type).name === 'File') {
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    return fc.constant(isListType(unwrapped) ? [] : null);
  }
  if (isNonNullType(type)) return valueArbitrary(type.ofType, pools, depth).filter((value) => value !== null);
  const inner = (): fc.Arbitrary<unknown> => {
    if (isListType(type)) return fc.array(valueArbitrary(type.ofType, pools, depth + 1), { maxLength: 3 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
    if (isInputObjectType(type)) {
      if (depth > 4) return fc.constant({});
      const fields = Object.values(type.getFields());
      const shape = Object.fromEntries(
        fields.map((field) => [field.name, valueArbitrary(field.type, pools, depth + 1)]),
      );
      return fc.record(shape, {
        requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
      });
    }
    return scalarArbitrary(type.name, pools);
  };
  return fc.oneof({ weight: 9, arbitrary: inner() }, { weight: 1, arbitrary: fc.constant(null) });
}

/** A selection set for `type` (empty for leaves): a random subset of its fields that need no arguments. */
export function selectionArbitrary(type: GraphQLOutputType, depth = 0): fc.Arbitrary<string> {
  const named = getNamedType(type);
  if (isLeafType(named)) return fc.constant('');
  if (isAbstractType(named) || !isObjectType(named)) return fc.constant('{ __typename }');
  const fields = Object.values(named.getFields()).filter(
    (field) =>
      field.args.every((arg) => !isNonNullType(arg.type)) &&
      (depth < MAX_SELECTION_DEPTH || isLeafType(getNamedType(field.type))),
  );
  if (fields.length === 0) return fc.constant('{ __typename }');
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(6, fields.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((field) =>
          selectionArbitrary(field.type, depth + 1).map((sub) => `${field.name}${sub ? ` ${sub}` : ''}`),
        ),
      ),
    )
    .map((parts) => `{ ${parts.join(' ')} }`);
}

/** Arguments of a field: every required one, each optional one half of the time. */
function argumentsArbitrary(args: readonly GraphQLArgument[], pools: Pools) {
  return fc.record(Object.fromEntries(args.map((arg) => [arg.name, valueArbitrary(arg.type, pools)])), {
    requiredKeys: args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name),
  });
}

function rootFields(schema: GraphQLSchema) {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([kind, type]) =>
    type
      ? Object.values(type.getFields()).map((field) => ({ kind, field: field as GraphQLField<unknown, unknown> }))
      : [],
  );
}

/** A valid operation on one root field of `kinds`: typed variables for its arguments, a random selection. */
export function operationArbitrary(
  schema: GraphQLSchema,
  pools: Pools,
  kinds: Array<GeneratedOperation['kind']>,
): fc.Arbitrary<GeneratedOperation> {
  const candidates = rootFields(schema).filter((candidate) => kinds.includes(candidate.kind));
  return fc.constantFrom(...candidates).chain(({ kind, field }) =>
    fc.tuple(argumentsArbitrary(field.args, pools), selectionArbitrary(field.type)).map(([args, selection]) => {
      const names = Object.keys(args);
      const definitions = names.map((name) => `$${name}: ${String(field.args.find((arg) => arg.name === name)!.type)}`);
      const call = names.length ? `(${names.map((name) => `${name}: $${name}`).join(', ')})` : '';
      const query = `${kind} Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} { ${field.name}${call} ${selection} }`;
      return { kind, field: field.name, query, variables: args as Record<string, unknown> };
    }),
  );
}

/** A body as a client might send it: a GraphQL request, or anything else. */
export type RawRequest = { body: string; contentType: string; method?: 'POST' | 'GET'; search?: string };

const json = (value: unknown): RawRequest => ({ body: JSON.stringify(value), contentType: 'application/json' });

/** Requests that are wrong in every way the fuzz knows: the server must refuse each with a typed 4xx. */
export function invalidRequestArbitrary(schema: GraphQLSchema, pools: Pools): fc.Arbitrary<RawRequest> {
  const valid = operationArbitrary(schema, pools, ['query', 'mutation']);
  const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,20}$/);
  const wrongValue = fc.oneof(
    fc.constant({ nested: { deep: [1, 2, 3] } }),
    fc.constant([['x']]),
    fc.constant(1.5),
    fc.constant(-1),
    fc.constant(true),
    fc.string({ maxLength: 10 }),
    fc.constant('\u0000'),
    fc.constant('x'.repeat(5_000)),
  );
  return fc.oneof(
    // Unknown fields, at the root and inside.
    fc
      .tuple(identifier, fc.constantFrom('query', 'mutation', 'subscription'))
      .map(([name, kind]) => json({ query: `${kind} { ${name}Unknown }` })),
    fc.tuple(identifier).map(([name]) => json({ query: `{ me { id ${name}Unknown } }` })),
    // Valid operations with a variable of the wrong type, or a missing or extra one.
    fc.tuple(valid, wrongValue, fc.nat()).map(([operation, value, index]) => {
      const names = Object.keys(operation.variables);
      const variables = { ...operation.variables };
      if (names.length) variables[names[index % names.length]!] = value;
      else variables.unexpected = value;
      return json({ query: operation.query, variables });
    }),
    valid.map((operation) => json({ query: operation.query, variables: {} })),
    // Selections missing on objects, or present on leaves.
    fc.constant(json({ query: '{ me }' })),
    fc.constant(json({ query: '{ me { id { x } } }' })),
    // Deep, wide and aliased queries.
    fc.integer({ min: 6, max: 30 }).map((half) => {
      // queues { categories { queue { categories { … id } } } }: Queue and Category alternate.
      let selection = 'id';
      for (let level = 0; level < half * 2 + 1; level++)
        selection = `${level % 2 ? 'queue' : 'categories'} { ${selection} }`;
      return json({ query: `{ queues { ${selection} } }` });
    }),
    fc
      .integer({ min: 16, max: 400 })
      .map((count) =>
        json({ query: `{ ${Array.from({ length: count }, (_, index) => `a${index}: me { id }`).join(' ')} }` }),
      ),
    fc
      .integer({ min: 2_001, max: 6_000 })
      .map((count) => json({ query: `{ me { ${Array.from({ length: count }, () => 'id').join(' ')} } }` })),
    fc
      .integer({ min: 21, max: 200 })
      .map((count) =>
        json({ query: `{ me { id ${Array.from({ length: count }, () => '@include(if: true)').join(' ')} } }` }),
      ),
    fc.constant(
      json({
        query: `{ tickets(first: 100) { edges { node { notes { ticket { notes { ticket { notes { body } } } } } } } } }`,
      }),
    ),
    // A body larger than the server takes.
    fc.constant(json({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } })),
    // Not GraphQL at all.
    fc.string({ maxLength: 200 }).map((query) => json({ query })),
    fc.fullUnicodeString({ maxLength: 200 }).map((body) => ({ body, contentType: 'application/json' })),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
      body: Buffer.from(bytes).toString('latin1'),
      contentType: 'application/octet-stream',
    })),
    fc.constantFrom(
      json([]),
      json(null),
      json(42),
      json({ query: 42 }),
      json({ query: '{ me { id } }', variables: 'not an object' }),
      json({ query: '{ me { id } }', variables: [1, 2] }),
      json({ query: '{ me { id } }', operationName: 12 }),
      json({ query: 'query A { me { id } } query B { me { id } }' }),
      json({ query: 'query A { me { id } }', operationName: 'B' }),
      json({ query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }),
      json({ query: '{ __schema { types { name } } }' }),
      json({ query: '{ __type(name: "Ticket") { fields { name } } }' }),
      json({}),
      { body: '{"query": "{ me { id } }"', contentType: 'application/json' },
      { body: 'query=%7B%20me%20%7B%20id%20%7D%20%7D', contentType: 'application/x-www-form-urlencoded' },
      { body: '{ me { id } }', contentType: 'text/plain' },
      { body: '{ me { id } }', contentType: 'application/graphql' },
      { body: '', contentType: 'application/json' },
      {
        body: '',
        contentType: 'application/json',
        method: 'GET' as const,
        search: '?query=%7B%20me%20%7B%20id%20%7D%20%7D',
      },
      {
        body: '',
        contentType: 'application/json',
        method: 'GET' as const,
        search: '?query=mutation%20%7B%20logout%20%7D',
      },
      { body: '', contentType: 'application/json', method: 'GET' as const, search: '?query=%7B' },
      { body: '', contentType: 'application/json', method: 'GET' as const, search: '?variables=%7B' },
    ),
  );
}
