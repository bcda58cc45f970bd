import { hashPassword } from '@sportello/db';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import { LocaleEnum, RoleEnum } from './enums.ts';
import { email, id, text } from './validation.ts';

const selfOrStaff = (user: { id: string }, _args: object, { viewer }: Context) =>
  !!viewer && (viewer.isStaff || viewer.id === user.id);

/**
 * A person using Sportello. Customers see only the names of the staff working on their tickets. Only the fields a
 * query asks for are read (select mode): a list of tickets with their claimers never reads password hashes.
 */
export const UserType = builder.prismaObject('User', {
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { authScopes: selfOrStaff }),
    role: t.expose('role', { type: RoleEnum, authScopes: selfOrStaff }),
    locale: t.expose('locale', { type: LocaleEnum, authScopes: selfOrStaff }),
    active: t.exposeBoolean('active', { authScopes: { staff: true } }),
    createdAt: t.expose('createdAt', { type: 'DateTime', authScopes: { staff: true } }),
    contact: t.relation('contact', { nullable: true, authScopes: selfOrStaff }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: 'User',
    description: 'The signed-in user.',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, { viewer }) => db.user.findUniqueOrThrow({ ...query, where: { id: viewer!.id } }),
  }),
  users: t.prismaField({
    type: ['User'],
    description: 'Users, staff first, by name. Only for the support staff.',
    authScopes: { staff: true },
    args: {
      role: t.arg({ type: RoleEnum }),
      includeInactive: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (query, _root, args) =>
      db.user.findMany({
        ...query,
        where: { ...(args.role ? { role: args.role } : {}), ...(args.includeInactive ? {} : { active: true }) },
        orderBy: [{ role: 'asc' }, { name: 'asc' }],
      }),
  }),
}));

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string({ required: true, validate: email }),
    name: t.string({ required: true, validate: text(2, 120, 'The name') }),
    role: t.field({ type: RoleEnum, required: true }),
    locale: t.field({ type: LocaleEnum, defaultValue: 'IT' }),
    password: t.string({ required: true, validate: text(10, 200, 'The password') }),
    contactId: t.id({ description: 'For CUSTOMER users: the contact they act for.', validate: id }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    name: t.string({ validate: text(2, 120, 'The name') }),
    role: t.field({ type: RoleEnum }),
    locale: t.field({ type: LocaleEnum }),
    active: t.boolean(),
    password: t.string({ validate: text(10, 200, 'The password') }),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: 'User',
    authScopes: { $all: { admin: true, writer: true } },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (query, _root, { input }) => {
      const address = input.email.toLowerCase();
      if (await db.user.findUnique({ where: { email: address } })) {
        throw new AppError('VALIDATION', 'A user with this email already exists.', {
          issues: [{ field: 'email', message: 'Already in use.' }],
        });
      }
      if ((input.role === 'CUSTOMER') !== Boolean(input.contactId)) {
        throw new AppError('VALIDATION', 'Customer users need a contact, and only customer users have one.', {
          issues: [{ field: 'contactId', message: 'Give a contact for customer users only.' }],
        });
      }
      const passwordHash = await hashPassword(input.password);
      return db.$transaction(async (tx) => {
        if (input.contactId) {
          const contact = await tx.contact.findUnique({ where: { id: input.contactId } });
          if (!contact || contact.userId) {
            throw new AppError('VALIDATION', 'That contact does not exist or already has a login.', {
              issues: [{ field: 'contactId', message: 'Unavailable contact.' }],
            });
          }
        }
        const user = await tx.user.create({
          data: { email: address, name: input.name, role: input.role, locale: input.locale ?? 'IT', passwordHash },
        });
        if (input.contactId) await tx.contact.update({ where: { id: input.contactId }, data: { userId: user.id } });
        return tx.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
      });
    },
  }),
  updateUser: t.prismaField({
    type: 'User',
    authScopes: { $all: { admin: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (query, _root, { id: userId, input }, { viewer }) => {
      const user = await db.user.findUnique({ where: { id: userId } });
      if (!user) throw notFound('User');
      if (userId === viewer!.id && (input.active === false || (input.role && input.role !== 'ADMIN'))) {
        throw new AppError('VALIDATION', 'You cannot deactivate yourself or give up your own admin role.', {
          issues: [{ field: 'input', message: 'Ask another admin.' }],
        });
      }
      return db.$transaction(async (tx) => {
        const updated = await tx.user.update({
          ...query,
          where: { id: userId },
          data: {
            name: input.name ?? undefined,
            role: input.role ?? undefined,
            locale: input.locale ?? undefined,
            active: input.active ?? undefined,
            passwordHash: input.password ? await hashPassword(input.password) : undefined,
          },
        });
        // Deactivating someone or changing their password signs them out everywhere.
        if (input.active === false || input.password) await tx.session.deleteMany({ where: { userId } });
        return updated;
      });
    },
  }),
}));
