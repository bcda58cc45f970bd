import { describe, expect, it } from 'vitest';
import type { ApiError } from '$lib/tickets/errors';
import type { CreateRequestInput } from './api';
import { issuesByField, NewRequestState } from './new-request.svelte';

function filled(paidRequired = false) {
  const form = new NewRequestState();
  form.paidRequired = paidRequired;
  form.queueId = 'queue-1';
  form.subject = '  Stampante non stampa ';
  form.placeAndWhat = 'Sede di Lecco, reception – stampante di rete';
  form.description = 'Da stamattina i lavori restano in coda: errore 0x0000011b su Windows 11, Chrome.';
  return form;
}

/** Records what would be sent, and answers as the API would. */
function sender(answer: { code?: string; error?: ApiError } = { code: 'HT00042' }) {
  const sent: { input: CreateRequestInput; files: File[] }[] = [];
  const send = async (input: CreateRequestInput, files: File[]) => {
    sent.push({ input, files });
    return answer;
  };
  return { sent, send };
}

describe('NewRequestState', () => {
  it('sends a complete request, trimmed, and says nothing about acceptance when there is a contract', async () => {
    const form = filled();
    const photo = new File([new Uint8Array([1, 2, 3])], 'foto.png', { type: 'image/png' });
    form.files = [photo];
    form.requestedPriority = 2;
    const { sent, send } = sender();

    expect(await form.submit(send)).toBe('HT00042');
    expect(sent).toEqual([
      {
        input: {
          queueId: 'queue-1',
          subject: 'Stampante non stampa',
          placeAndWhat: 'Sede di Lecco, reception – stampante di rete',
          description: 'Da stamattina i lavori restano in coda: errore 0x0000011b su Windows 11, Chrome.',
          requestedPriority: 2,
        },
        files: [photo],
      },
    ]);
    expect(form.problems).toEqual({});
  });

  it('holds back the request of a customer without a contract until they accept the paid intervention', async () => {
    const form = filled(true);
    const { sent, send } = sender();
    expect(form.awaitingAcceptance).toBe(true);
    // Nothing is shown before the first attempt…
    expect(form.problems).toEqual({});

    expect(await form.submit(send)).toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(form.problems).toEqual({ acceptPaidIntervention: { key: 'mustAccept' } });
    expect(form.firstProblem).toBe('acceptPaidIntervention');

    form.acceptPaidIntervention = true;
    expect(form.awaitingAcceptance).toBe(false);
    expect(form.problems).toEqual({});
    expect(await form.submit(send)).toBe('HT00042');
    expect(sent[0]!.input.acceptPaidIntervention).toBe(true);
  });

  it('says which fields are missing or too short, in the order of the form', async () => {
    const form = new NewRequestState();
    form.subject = 'ok';
    form.description = 'breve';
    const { sent, send } = sender();
    await form.submit(send);
    expect(sent).toHaveLength(0);
    expect(form.problems).toEqual({
      queueId: { key: 'required' },
      subject: { key: 'tooShort', values: { min: 3 } },
      placeAndWhat: { key: 'required' },
      description: { key: 'tooShort', values: { min: 10 } },
    });
    expect(form.firstProblem).toBe('queueId');
  });

  it('shows the API’s validation issues beside their fields, until the field changes', async () => {
    const error: ApiError = {
      code: 'VALIDATION',
      message: 'foto.exe: only photos…',
      extensions: {
        issues: [
          { field: 'attachments.0', message: 'foto.exe: only photos (JPEG, PNG, WebP, GIF, HEIC), PDF and text.' },
          { field: 'input.subject', message: 'The subject must be at most 200 characters.' },
        ],
      },
    };
    const form = filled();
    expect(await form.submit(sender({ error }).send)).toBeUndefined();
    expect(form.error).toBe(error);
    expect(form.problems).toEqual({
      attachments: { message: 'foto.exe: only photos (JPEG, PNG, WebP, GIF, HEIC), PDF and text.' },
      subject: { message: 'The subject must be at most 200 characters.' },
    });
    expect(form.firstProblem).toBe('subject');
    form.touched('subject');
    expect(Object.keys(form.problems)).toEqual(['attachments']);
  });

  it('maps a refused acceptance to its field, and ignores what is not a validation error', () => {
    const refused: ApiError = {
      code: 'VALIDATION',
      message: 'No active contract',
      extensions: { issues: [{ field: 'acceptPaidIntervention', message: 'No active contract…' }] },
    };
    expect(issuesByField(refused)).toEqual({ acceptPaidIntervention: { key: 'mustAccept' } });
    expect(issuesByField({ code: 'FORBIDDEN', message: 'No', extensions: {} })).toEqual({});
  });
});
