import { z } from 'zod';
import { RatingSource } from '@sportello/db';
import { builder } from '../builder.ts';
import { MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE } from '../domain/metrics/ratings.ts';
import { answerSurvey, surveyForToken, type SurveyView } from '../domain/survey/answer.ts';
import { setSurveyValidDays, surveyLink, surveyValidDays } from '../domain/survey/links.ts';
import { text } from './validation.ts';

export const MAX_SURVEY_VALID_DAYS = 365;

const RatingSourceEnum = builder.enumType(RatingSource, { name: 'RatingSource' });

const token = z.string().min(1, 'The survey link has no token.').max(200, 'This survey link is not valid.');

/** What a survey link shows: the ticket it is about, until when it can be answered, and whether it was. */
const SurveyType = builder.objectRef<SurveyView>('Survey').implement({
  description: 'The satisfaction survey of a closed ticket, reached through a signed link without signing in.',
  fields: (t) => ({
    ticketCode: t.exposeString('ticketCode'),
    subject: t.exposeString('subject'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    answered: t.boolean({ resolve: (survey) => survey.rating !== null }),
    score: t.int({ nullable: true, resolve: (survey) => survey.rating?.score ?? null }),
    comment: t.string({ nullable: true, resolve: (survey) => survey.rating?.comment ?? null }),
    answeredAt: t.field({ type: 'DateTime', nullable: true, resolve: (survey) => survey.rating?.createdAt ?? null }),
  }),
});

const SurveySettings = builder.objectRef<{ validDays: number }>('SurveySettings').implement({
  fields: (t) => ({
    validDays: t.exposeInt('validDays', { description: 'How many days a survey link can be answered.' }),
  }),
});

builder.prismaObjectField('Rating', 'source', (t) =>
  t.expose('source', {
    type: RatingSourceEnum,
    description: 'SURVEY (the link in the closing mail), PORTAL (the customer signed in) or STAFF (on their behalf).',
  }),
);

builder.prismaObjectFields('Ticket', (t) => ({
  surveyLink: t.string({
    nullable: true,
    description:
      'The satisfaction survey link of a closed ticket, as mailed to the customer: valid for the configured days ' +
      'from the closure (staff can pass it on another way). Null while the ticket is open.',
    authScopes: { staff: true },
    select: { id: true, closedAt: true },
    resolve: (ticket) => (ticket.closedAt ? surveyLink(ticket.id, ticket.closedAt) : null),
  }),
}));

builder.queryFields((t) => ({
  survey: t.field({
    type: SurveyType,
    description:
      'The survey behind a link (no sign-in needed). SURVEY_LINK_INVALID for a link that is not ours, ' +
      'SURVEY_LINK_EXPIRED once it expired; an answered survey says so in `answered`.',
    args: { token: t.arg.string({ required: true, validate: token }) },
    resolve: (_root, args) => surveyForToken(args.token),
  }),
  surveySettings: t.field({
    type: SurveySettings,
    authScopes: { admin: true },
    resolve: async () => ({ validDays: await surveyValidDays() }),
  }),
}));

builder.mutationFields((t) => ({
  answerSurvey: t.field({
    type: SurveyType,
    description:
      'Answers the survey of a link, once per ticket: SURVEY_ALREADY_ANSWERED when it already has a rating ' +
      '(also when two answers race: one wins).',
    args: {
      token: t.arg.string({ required: true, validate: token }),
      score: t.arg.int({
        required: true,
        validate: z
          .number()
          .int()
          .min(MIN_SCORE, `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.`)
          .max(MAX_SCORE, `The score goes from ${MIN_SCORE} to ${MAX_SCORE}.`),
      }),
      comment: t.arg.string({ validate: text(0, MAX_COMMENT_LENGTH, 'The comment') }),
    },
    resolve: async (_root, args) => {
      const now = new Date();
      await answerSurvey(args, now);
      return surveyForToken(args.token, now);
    },
  }),
  setSurveyValidDays: t.field({
    type: SurveySettings,
    description: 'How many days the survey links mailed from now on can be answered (links already sent keep theirs).',
    authScopes: { $all: { admin: true, writer: true } },
    args: {
      days: t.arg.int({
        required: true,
        validate: z
          .number()
          .int()
          .min(1, 'At least one day.')
          .max(MAX_SURVEY_VALID_DAYS, `At most ${MAX_SURVEY_VALID_DAYS} days.`),
      }),
    },
    resolve: async (_root, args) => {
      await setSurveyValidDays(args.days);
      return { validDays: await surveyValidDays() };
    },
  }),
}));
