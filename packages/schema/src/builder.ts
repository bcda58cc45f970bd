import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver } from 'graphql-scalars';
import { getDatamodel } from './generated/pothos-types.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import type { Context } from './context.ts';
import { db } from './db.ts';
import { AppError, forbidden, unauthenticated, validationError } from './errors.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    authenticated: boolean;
    staff: boolean;
    supervisor: boolean;
    admin: boolean;
    /** A browser session or a read-write API token: read-only tokens cannot change anything. */
    writer: boolean;
  };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: ({ viewer }) => ({
      authenticated: viewer !== null,
      staff: viewer?.isStaff ?? false,
      supervisor: viewer?.role === 'SUPERVISOR' || viewer?.role === 'ADMIN',
      admin: viewer?.role === 'ADMIN',
      writer: viewer !== null && viewer.canWrite,
    }),
    unauthorizedError: (_parent, context) => (context.viewer ? forbidden() : unauthenticated()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  prisma: {
    client: db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    // Pages are capped so that one request cannot ask for the whole table.
    defaultConnectionSize: 25,
    maxConnectionSize: 100,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  validation: {
    validationError: (result) =>
      validationError(
        result.issues.map((issue) => ({
          field: (issue.path ?? [])
            .map((part) => (typeof part === 'object' ? String(part.key) : String(part)))
            .join('.'),
          message: issue.message,
        })),
      ),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.addScalarType('DateTime', DateTimeResolver);
builder.scalarType('File', {
  description: 'A file sent in a multipart request (GraphQL multipart request spec).',
  serialize: () => {
    throw new AppError('VALIDATION', 'File is an input-only type.');
  },
});
