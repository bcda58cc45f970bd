import type { FailedMail } from './documents';

let sequence = 0;

export function failedMailFactory(overrides: Partial<FailedMail> = {}): FailedMail {
  sequence += 1;
  return {
    id: `inbound-${sequence}`,
    source: 'assistenza',
    fromAddress: 'mario.rossi@example.it',
    subject: 'Stampante del protocollo non stampa',
    outcome: 'FAILED',
    error: 'There is no active support queue for new tickets.',
    receivedAt: '2026-11-23T09:00:00.000Z',
    ticket: null,
    rawUrl: `/files/mail/inbound-${sequence}.eml`,
    ...overrides,
  };
}
