import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { addReminder, completeReminder } from '../domain/tickets.ts';
import { id, text } from './validation.ts';

builder.prismaObject('Reminder', {
  description: 'A "promemoria": something to do on a ticket by a given time.',
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    owner: t.relation('owner'),
    ticket: t.relation('ticket'),
  }),
});

builder.queryFields((t) => ({
  myReminders: t.prismaField({
    type: ['Reminder'],
    description: 'Your open reminders, the most urgent first.',
    authScopes: { staff: true },
    resolve: (query, _root, _args, { viewer }) =>
      db.reminder.findMany({ ...query, where: { ownerId: viewer!.id, doneAt: null }, orderBy: { dueAt: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  addReminder: t.prismaField({
    type: 'Reminder',
    authScopes: { $all: { staff: true, writer: true } },
    args: {
      ticketId: t.arg.id({ required: true, validate: id }),
      dueAt: t.arg({ type: 'DateTime', required: true }),
      text: t.arg.string({ required: true, validate: text(1, 2_000, 'The reminder') }),
      ownerId: t.arg.id({ description: 'A colleague to remind; yourself by default.', validate: id }),
    },
    resolve: async (query, _root, args, { viewer }) => {
      if (args.dueAt.getTime() < Date.now() - 60_000) {
        throw new AppError('VALIDATION', 'A reminder must be due in the future.', {
          issues: [{ field: 'dueAt', message: 'Must be in the future.' }],
        });
      }
      const change = await addReminder(viewer!, args);
      const reminderId = (change.event.data as { reminderId: string }).reminderId;
      return db.reminder.findUniqueOrThrow({ ...query, where: { id: reminderId } });
    },
  }),
  completeReminder: t.prismaField({
    type: 'Reminder',
    authScopes: { $all: { staff: true, writer: true } },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args, { viewer }) => {
      await completeReminder(viewer!, args.id);
      return db.reminder.findUniqueOrThrow({ ...query, where: { id: args.id } });
    },
  }),
}));
