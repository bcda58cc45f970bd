import type { Client } from '@urql/svelte';
import { apiError, type ApiError } from '$lib/tickets/errors';
import { AnswerSurveyMutation, SurveyQuery, type SurveyData } from './documents';

/**
 * What the survey page shows: the form while the link can be answered, a thank-you once answered here, a clear
 * message for a link that was already answered, has expired or is not valid.
 */
export type SurveyStatus = 'loading' | 'open' | 'thanks' | 'answered' | 'expired' | 'invalid' | 'failed';

/** The page's status for a loaded survey, or for the error the API answered with. */
export function surveyStatus(survey: SurveyData | undefined, error: ApiError | undefined): SurveyStatus {
  if (survey) return survey.answered ? 'answered' : 'open';
  switch (error?.code) {
    case 'SURVEY_LINK_EXPIRED':
      return 'expired';
    case 'SURVEY_LINK_INVALID':
    case 'VALIDATION':
      return 'invalid';
    default:
      return 'failed';
  }
}

/** The survey of one signed link (the page needs no sign-in). */
export class SurveyState {
  status = $state<SurveyStatus>('loading');
  survey = $state.raw<SurveyData | undefined>();
  #client: Client;
  #token = '';

  constructor(client: Client) {
    this.#client = client;
  }

  async load(token: string) {
    this.#token = token;
    this.status = 'loading';
    const result = await this.#client.query(SurveyQuery, { token }, { requestPolicy: 'network-only' }).toPromise();
    if (token !== this.#token) return;
    this.survey = result.data?.survey;
    this.status = surveyStatus(this.survey, apiError(result.error));
  }

  /**
   * Sends the answer. Refused because the link expired or the ticket was rated meanwhile, the page changes to say
   * so; any error is also returned, for the form to show (then the answer can be sent again).
   */
  async answer(score: number, comment: string): Promise<ApiError | undefined> {
    const result = await this.#client
      .mutation(AnswerSurveyMutation, { token: this.#token, score, comment: comment || null })
      .toPromise();
    if (result.data) {
      this.survey = result.data.answerSurvey;
      this.status = 'thanks';
      return undefined;
    }
    const error = apiError(result.error);
    if (error?.code === 'SURVEY_LINK_EXPIRED') this.status = 'expired';
    else if (error?.code === 'SURVEY_LINK_INVALID') this.status = 'invalid';
    // Rated meanwhile (another answer, or in the portal): show that rating.
    else if (error?.code === 'SURVEY_ALREADY_ANSWERED') await this.load(this.#token);
    return error;
  }
}
