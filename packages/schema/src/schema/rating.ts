import { z } from 'zod';
import { builder } from '../builder.ts';
import { db } from '../db.ts';
import { MAX_SCORE, MIN_SCORE, rateTicket } from '../domain/metrics/ratings.ts';
import { id, text } from './validation.ts';

builder.prismaObject('Rating', {
  description: 'The customer’s rating of a closed ticket, from 1 to 5.',
  fields: (t) => ({
    id: t.exposeID('id'),
    score: t.exposeInt('score'),
    comment: t.exposeString('comment', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    ticket: t.relation('ticket'),
    contact: t.relation('contact', {
      nullable: true,
      description: 'Who rated (for staff rating on their behalf: the ticket’s contact).',
      authScopes: { staff: true },
    }),
  }),
});

builder.prismaObjectField('Ticket', 'rating', (t) =>
  t.relation('rating', { nullable: true, description: 'The customer’s rating, once the ticket is closed.' }),
);

builder.mutationFields((t) => ({
  rateTicket: t.prismaField({
    type: 'Rating',
    description:
      'Rates a closed (DONE or CANCELLED) ticket from 1 to 5: its customer, or staff on their behalf. Once per ticket.',
    authScopes: { $all: { authenticated: true, writer: true } },
    args: {
      ticketId: t.arg.id({ required: true, validate: id }),
      score: t.arg.int({
        required: true,
        validate: z
          .number()
          .int()
          .min(MIN_SCORE, `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.`)
          .max(MAX_SCORE, `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.`),
      }),
      comment: t.arg.string({ validate: text(0, 2_000, 'The comment') }),
    },
    resolve: async (query, _root, args, { viewer }) => {
      const { rating } = await rateTicket(viewer!, args);
      return db.rating.findUniqueOrThrow({ ...query, where: { id: rating.id } });
    },
  }),
}));
