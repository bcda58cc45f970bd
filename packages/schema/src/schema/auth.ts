import { stringifySetCookie } from 'cookie';
import type { ApiToken } from '@sportello/db';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import {
  endSession,
  issueApiToken,
  revokeApiToken,
  SESSION_COOKIE,
  startSession,
  viewerFromSession,
} from '../domain/identity.ts';
import type { Context } from '../context.ts';
import { TokenScopeEnum } from './enums.ts';
import { text } from './validation.ts';

export const ApiTokenType = builder.prismaObject('ApiToken', {
  description: 'A personal access token for external tools. The secret is shown once, when it is created.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the token, to tell tokens apart.' }),
    scope: t.expose('scope', { type: TokenScopeEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    user: t.relation('user'),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; apiToken: ApiToken }>('CreatedApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', {
      description: 'The secret: send it as `Authorization: Bearer <token>`. It is not shown again.',
    }),
    apiToken: t.field({ type: ApiTokenType, resolve: (created) => created.apiToken }),
  }),
});

function setSessionCookie(context: Context, value: string, expires: Date) {
  context.responseCookies.push(
    stringifySetCookie({
      name: SESSION_COOKIE,
      value,
      expires,
      httpOnly: true,
      sameSite: 'lax',
      secure: context.secure,
      path: '/',
    }),
  );
}

builder.queryFields((t) => ({
  apiTokens: t.prismaField({
    type: ['ApiToken'],
    description: 'Your API tokens; supervisors and admins see everyone’s.',
    authScopes: { staff: true },
    args: { includeRevoked: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, args, { viewer }) =>
      db.apiToken.findMany({
        ...query,
        where: {
          ...(viewer!.role === 'ADMIN' ? {} : { userId: viewer!.id }),
          ...(args.includeRevoked ? {} : { revokedAt: null }),
        },
        orderBy: { createdAt: 'desc' },
      }),
  }),
}));

builder.mutationFields((t) => ({
  login: t.prismaField({
    type: 'User',
    description: 'Signs in with email and password and sets an HTTP-only session cookie.',
    args: {
      email: t.arg.string({ required: true, validate: text(3, 254, 'The email') }),
      password: t.arg.string({ required: true, validate: text(1, 200, 'The password') }),
    },
    resolve: async (query, _root, args, context) => {
      const session = await startSession(args.email, args.password);
      if (!session) throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password.');
      setSessionCookie(context, session.token, session.expiresAt);
      // The rest of this response is read as the user who just signed in (their own email and role included).
      context.viewer = await viewerFromSession(session.token);
      return db.user.findUniqueOrThrow({ ...query, where: { id: session.user.id } });
    },
  }),
  logout: t.boolean({
    description: 'Ends the current browser session.',
    authScopes: { authenticated: true },
    resolve: async (_root, _args, context) => {
      if (context.viewer?.sessionId) await endSession(context.viewer.sessionId);
      setSessionCookie(context, '', new Date(0));
      return true;
    },
  }),
  createApiToken: t.field({
    type: CreatedApiToken,
    description:
      'Creates a personal API token for an external tool. Only from a signed-in session, never from another token.',
    authScopes: { $all: { staff: true, writer: true } },
    args: {
      name: t.arg.string({ required: true, validate: text(1, 100, 'The token name') }),
      scope: t.arg({ type: TokenScopeEnum, required: true }),
      expiresAt: t.arg({ type: 'DateTime' }),
    },
    resolve: async (_root, args, { viewer }) => {
      if (!viewer!.sessionId)
        throw new AppError('FORBIDDEN', 'API tokens can only be created from a signed-in session.');
      if (args.expiresAt && args.expiresAt <= new Date()) {
        throw new AppError('VALIDATION', 'The expiry date must be in the future.', {
          issues: [{ field: 'expiresAt', message: 'Must be in the future.' }],
        });
      }
      return issueApiToken(viewer!.id, { name: args.name, scope: args.scope, expiresAt: args.expiresAt });
    },
  }),
  revokeApiToken: t.prismaField({
    type: 'ApiToken',
    authScopes: { $all: { staff: true, writer: true } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, { viewer }) => {
      const token = await db.apiToken.findUnique({ where: { id: args.id } });
      if (!token || (token.userId !== viewer!.id && viewer!.role !== 'ADMIN')) throw notFound('API token');
      await revokeApiToken(args.id);
      return db.apiToken.findUniqueOrThrow({ ...query, where: { id: args.id } });
    },
  }),
}));
