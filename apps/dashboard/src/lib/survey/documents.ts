import { graphql, type ResultOf } from '$lib/graphql/graphql';

const SurveyFields = graphql(`
  fragment SurveyFields on Survey @_unmask {
    ticketCode
    subject
    expiresAt
    answered
    score
    comment
    answeredAt
  }
`);

export type SurveyData = ResultOf<typeof SurveyFields>;

export const SurveyQuery = graphql(
  `
    query Survey($token: String!) {
      survey(token: $token) {
        ...SurveyFields
      }
    }
  `,
  [SurveyFields],
);

export const AnswerSurveyMutation = graphql(
  `
    mutation AnswerSurvey($token: String!, $score: Int!, $comment: String) {
      answerSurvey(token: $token, score: $score, comment: $comment) {
        ...SurveyFields
      }
    }
  `,
  [SurveyFields],
);
