import { z } from 'zod';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { AppError, notFound } from '../errors.ts';
import { id, text } from './validation.ts';

/** A support queue (INTERVENTO TECNICO, AUTOVETTURA & CAMPER, COMPUTER & TELEFONI, SOFTWARE, …). */
builder.prismaObject('Queue', {
  select: { id: true }, // only the fields a query asks for are read
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    position: t.exposeInt('position'),
    active: t.exposeBoolean('active'),
    autoCloseDays: t.exposeInt('autoCloseDays', {
      description: 'Days without a customer reply after which a ticket waiting on the customer is closed.',
    }),
    categories: t.relation('categories', {
      args: { includeInactive: t.arg.boolean({ defaultValue: false }) },
      query: (args) => ({
        where: args.includeInactive ? {} : { active: true },
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
      }),
    }),
  }),
});

builder.prismaObject('Category', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    position: t.exposeInt('position'),
    active: t.exposeBoolean('active'),
    queue: t.relation('queue'),
  }),
});

builder.queryFields((t) => ({
  queues: t.prismaField({
    type: ['Queue'],
    authScopes: { authenticated: true },
    args: { includeInactive: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, args, { viewer }) =>
      db.queue.findMany({
        ...query,
        where: args.includeInactive && viewer!.isStaff ? {} : { active: true },
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
      }),
  }),
}));

const QueueInput = builder.inputType('QueueInput', {
  fields: (t) => ({
    name: t.string({ validate: text(2, 60, 'The queue name') }),
    description: t.string({ validate: text(0, 500, 'The description') }),
    position: t.int(),
    active: t.boolean(),
    autoCloseDays: t.int({ validate: z.number().int().min(1, 'At least 1 day.').max(365, 'At most 365 days.') }),
  }),
});

const uniqueName = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('VALIDATION', 'That name is already in use.', {
        issues: [{ field: 'name', message: 'Already in use.' }],
      });
    }
    throw error;
  }
};

builder.mutationFields((t) => ({
  createQueue: t.prismaField({
    type: 'Queue',
    authScopes: { $all: { admin: true, writer: true } },
    args: { input: t.arg({ type: QueueInput, required: true }) },
    resolve: (query, _root, { input }) => {
      if (!input.name)
        throw new AppError('VALIDATION', 'A queue needs a name.', {
          issues: [{ field: 'name', message: 'Required.' }],
        });
      const name = input.name;
      return uniqueName(() =>
        db.queue.create({
          ...query,
          data: {
            name,
            description: input.description ?? null,
            position: input.position ?? 0,
            active: input.active ?? true,
            autoCloseDays: input.autoCloseDays ?? 7,
          },
        }),
      );
    },
  }),
  updateQueue: t.prismaField({
    type: 'Queue',
    authScopes: { $all: { admin: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }), input: t.arg({ type: QueueInput, required: true }) },
    resolve: async (query, _root, { id: queueId, input }) => {
      if (!(await db.queue.findUnique({ where: { id: queueId } }))) throw notFound('Queue');
      return uniqueName(() =>
        db.queue.update({
          ...query,
          where: { id: queueId },
          data: {
            name: input.name ?? undefined,
            description: input.description,
            position: input.position ?? undefined,
            active: input.active ?? undefined,
            autoCloseDays: input.autoCloseDays ?? undefined,
          },
        }),
      );
    },
  }),
  createCategory: t.prismaField({
    type: 'Category',
    authScopes: { $all: { admin: true, writer: true } },
    args: {
      queueId: t.arg.id({ required: true, validate: id }),
      name: t.arg.string({ required: true, validate: text(2, 80, 'The category name') }),
      position: t.arg.int(),
    },
    resolve: async (query, _root, args) => {
      if (!(await db.queue.findUnique({ where: { id: args.queueId } }))) throw notFound('Queue');
      return uniqueName(() =>
        db.category.create({
          ...query,
          data: { queueId: args.queueId, name: args.name, position: args.position ?? 0 },
        }),
      );
    },
  }),
  updateCategory: t.prismaField({
    type: 'Category',
    authScopes: { $all: { admin: true, writer: true } },
    args: {
      id: t.arg.id({ required: true, validate: id }),
      name: t.arg.string({ validate: text(2, 80, 'The category name') }),
      position: t.arg.int(),
      active: t.arg.boolean(),
    },
    resolve: async (query, _root, args) => {
      if (!(await db.category.findUnique({ where: { id: args.id } }))) throw notFound('Category');
      return uniqueName(() =>
        db.category.update({
          ...query,
          where: { id: args.id },
          data: {
            name: args.name ?? undefined,
            position: args.position ?? undefined,
            active: args.active ?? undefined,
          },
        }),
      );
    },
  }),
}));
