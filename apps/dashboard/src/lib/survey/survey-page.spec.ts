import { describe, expect, it } from 'vitest';
import type { SurveyData } from './documents';
import { surveyStatus } from './survey-page.svelte';

const survey = (answered: boolean): SurveyData => ({
  ticketCode: 'HT00191',
  subject: 'PC della reception fermo',
  expiresAt: '2026-12-07T10:00:00.000Z',
  answered,
  score: answered ? 5 : null,
  comment: null,
  answeredAt: answered ? '2026-11-24T10:00:00.000Z' : null,
});

const error = (code: string) => ({ code, message: code, extensions: { code } });

describe('surveyStatus', () => {
  it('opens the form until the survey is answered', () => {
    expect(surveyStatus(survey(false), undefined)).toBe('open');
    expect(surveyStatus(survey(true), undefined)).toBe('answered');
  });

  it('tells an expired link from one that is not valid, and both from a failure', () => {
    expect(surveyStatus(undefined, error('SURVEY_LINK_EXPIRED'))).toBe('expired');
    expect(surveyStatus(undefined, error('SURVEY_LINK_INVALID'))).toBe('invalid');
    // A token too long to be one is refused by the argument's validation.
    expect(surveyStatus(undefined, error('VALIDATION'))).toBe('invalid');
    expect(surveyStatus(undefined, error('NETWORK'))).toBe('failed');
    expect(surveyStatus(undefined, undefined)).toBe('failed');
  });
});
