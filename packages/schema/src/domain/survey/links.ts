import { randomBytes } from 'node:crypto';
import type { Prisma } from '@sportello/db';
import { db } from '../../db.ts';
import { signSurveyToken, verifySurveyToken, type SurveyTokenCheck } from './token.ts';

type Client = Prisma.TransactionClient | typeof db;

const SIGNING_KEY = 'survey.signingKey';
const VALID_DAYS = 'survey.validDays';
export const DEFAULT_SURVEY_VALID_DAYS = 14;

/** Where customers reach the product (links in mails): the dashboard's public address. */
export const publicBaseUrl = () =>
  (process.env.SPORTELLO_PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`).replace(/\/+$/, '');

/** The instance's survey key: created once, on first use, by whichever instance gets there first. */
async function signingKey(client: Client): Promise<string> {
  await client.appSetting.createMany({
    data: [{ key: SIGNING_KEY, value: randomBytes(32).toString('base64url') }],
    skipDuplicates: true,
  });
  return (await client.appSetting.findUniqueOrThrow({ where: { key: SIGNING_KEY } })).value;
}

export async function surveyValidDays(client: Client = db): Promise<number> {
  const row = await client.appSetting.findUnique({ where: { key: VALID_DAYS } });
  const days = Number(row?.value);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_SURVEY_VALID_DAYS;
}

export async function setSurveyValidDays(days: number, client: Client = db): Promise<void> {
  await client.appSetting.upsert({
    where: { key: VALID_DAYS },
    create: { key: VALID_DAYS, value: String(days) },
    update: { value: String(days) },
  });
}

/** A signed survey link for a closed ticket, valid for the configured number of days from `now`. */
export async function surveyLink(ticketId: string, now: Date, client: Client = db): Promise<string> {
  const expiresAt = new Date(now.getTime() + (await surveyValidDays(client)) * 86_400_000);
  const token = signSurveyToken(await signingKey(client), { ticketId, expiresAt });
  return `${publicBaseUrl()}/survey/${encodeURIComponent(token)}`;
}

export async function checkSurveyToken(token: string, now: Date, client: Client = db): Promise<SurveyTokenCheck> {
  return verifySurveyToken(await signingKey(client), token, now);
}
