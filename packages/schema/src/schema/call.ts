import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { answerCall, endCall, linkCallToTicket, startCall } from '../domain/calls.ts';
import { pubsub } from '../pubsub.ts';
import { CallDirectionEnum, CallStatusEnum } from './enums.ts';
import { id, phone, text } from './validation.ts';

builder.prismaObject('Call', {
  description: 'A phone call: the wallboard shows the RINGING and ACTIVE ones live.',
  fields: (t) => ({
    id: t.exposeID('id'),
    direction: t.expose('direction', { type: CallDirectionEnum }),
    callerNumber: t.exposeString('callerNumber'),
    callerName: t.exposeString('callerName', { nullable: true }),
    status: t.expose('status', { type: CallStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    operator: t.relation('operator', { nullable: true }),
    customer: t.relation('customer', { nullable: true }),
    contact: t.relation('contact', { nullable: true }),
    ticket: t.relation('ticket', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  calls: t.prismaField({
    type: ['Call'],
    description: 'Open calls (ringing or active) by default; the latest 100 of the given statuses otherwise.',
    authScopes: { staff: true },
    args: { status: t.arg({ type: [CallStatusEnum] }) },
    resolve: (query, _root, args) =>
      db.call.findMany({
        ...query,
        where: { status: { in: args.status?.length ? args.status : ['RINGING', 'ACTIVE'] } },
        orderBy: { startedAt: 'desc' },
        take: 100,
      }),
  }),
}));

const staffWriter = { $all: { staff: true, writer: true } } as const;

builder.mutationFields((t) => ({
  startCall: t.prismaField({
    type: 'Call',
    description: 'Records a call: an inbound one rings until an operator answers; an outbound one is active at once.',
    authScopes: staffWriter,
    args: {
      direction: t.arg({ type: CallDirectionEnum, defaultValue: 'INBOUND' }),
      callerNumber: t.arg.string({ required: true, validate: phone }),
      callerName: t.arg.string({ validate: text(0, 120, 'The caller name') }),
    },
    resolve: async (query, _root, args, { viewer }) => {
      const call = await startCall(viewer!, { ...args, direction: args.direction ?? 'INBOUND' });
      return db.call.findUniqueOrThrow({ ...query, where: { id: call.id } });
    },
  }),
  answerCall: t.prismaField({
    type: 'Call',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args, { viewer }) => {
      await answerCall(viewer!, args.id);
      return db.call.findUniqueOrThrow({ ...query, where: { id: args.id } });
    },
  }),
  endCall: t.prismaField({
    type: 'Call',
    authScopes: staffWriter,
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args, { viewer }) => {
      await endCall(viewer!, args.id);
      return db.call.findUniqueOrThrow({ ...query, where: { id: args.id } });
    },
  }),
  linkCallToTicket: t.prismaField({
    type: 'Call',
    authScopes: staffWriter,
    args: { callId: t.arg.id({ required: true, validate: id }), ticketId: t.arg.id({ required: true, validate: id }) },
    resolve: async (query, _root, args, { viewer }) => {
      await linkCallToTicket(viewer!, args.callId, args.ticketId);
      return db.call.findUniqueOrThrow({ ...query, where: { id: args.callId } });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  callEvents: t.prismaField({
    type: 'Call',
    description: 'Every call as it starts, is answered, ends or is linked to a ticket.',
    authScopes: { staff: true },
    subscribe: () => pubsub.subscribe('callEvent'),
    resolve: (query, message: { callId: string }) =>
      db.call.findUniqueOrThrow({ ...query, where: { id: message.callId } }),
  }),
}));
