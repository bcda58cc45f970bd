import { describe, expect, it } from 'vitest';
import { escapeHtml } from './blocks.ts';
import { renderMail, type MailTemplateInput, type MailTicket } from './index.ts';

const ticket: MailTicket = {
  code: 'HT00191',
  subject: 'Stampante di rete non stampa',
  placeAndWhat: 'Sede di Lecco – stampante HP',
  recipientName: 'Maria Rossi',
};
/** 10:30 in Rome (UTC+1 in March). */
const MARCH_2_0930Z = new Date('2026-03-02T09:30:00.000Z');
const MARCH_3_1700Z = new Date('2026-03-03T17:00:00.000Z');

const inputs: Record<MailTemplateInput['kind'], MailTemplateInput> = {
  TICKET_CREATED: {
    kind: 'TICKET_CREATED',
    ticket,
    expected: { firstResponseBy: MARCH_2_0930Z, resolutionBy: MARCH_3_1700Z },
  },
  PUBLIC_REPLY: { kind: 'PUBLIC_REPLY', ticket, body: 'Ci mandi il file di log.\nGrazie', authorName: 'Luca' },
  RESOLVED: {
    kind: 'RESOLVED',
    ticket,
    solution: 'Sostituito il toner',
    note: 'Passeremo a ritirare il vecchio',
    solvedDuringCall: false,
  },
  AUTO_CLOSE_WARNING: { kind: 'AUTO_CLOSE_WARNING', ticket, closesAt: MARCH_3_1700Z, days: 7 },
  AUTO_CLOSED: { kind: 'AUTO_CLOSED', ticket, days: 7 },
  SURVEY: {
    kind: 'SURVEY',
    ticket,
    surveyUrl: 'https://help.example.com/survey/abc.def',
    validUntil: MARCH_3_1700Z,
  },
};

describe.each(Object.values(inputs))('the $kind mail', (input) => {
  it.each(['IT', 'EN'] as const)('in %s: tagged subject, greeting, footer, text and HTML alike', (locale) => {
    const mail = renderMail(input, locale);
    expect(mail.subject.startsWith('[HT00191] ')).toBe(true);
    expect(mail.subject).toContain(ticket.subject);
    expect(mail.text).toContain(locale === 'IT' ? 'Gentile Maria Rossi,' : 'Dear Maria Rossi,');
    expect(mail.text).toContain(locale === 'IT' ? 'Richiesta HT00191.' : 'Request HT00191.');
    expect(mail.html).toContain(`<html lang="${locale === 'IT' ? 'it' : 'en'}">`);
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.text).not.toMatch(/<[a-z]/i);
  });
});

describe('contents', () => {
  it('confirmation: the code and the expected times, in the team’s time zone', () => {
    const itMail = renderMail(inputs.TICKET_CREATED, 'IT');
    expect(itMail.subject).toBe('[HT00191] Richiesta ricevuta: Stampante di rete non stampa');
    expect(itMail.text).toContain('codice HT00191');
    expect(itMail.text).toContain('Luogo e cosa: Sede di Lecco – stampante HP');
    expect(itMail.text).toMatch(/Prima risposta entro: lunedì 2 marzo 2026.* 10:30/);
    expect(itMail.text).toMatch(/Risoluzione prevista entro: martedì 3 marzo 2026.* 18:00/);
    const enMail = renderMail(inputs.TICKET_CREATED, 'EN');
    expect(enMail.subject).toBe('[HT00191] Request received: Stampante di rete non stampa');
    expect(enMail.text).toMatch(/First response by: Monday,? 2 March 2026.* 10:30/);
    expect(enMail.html).toContain('<th scope="row"');
  });

  it('confirmation without an SLA policy promises no time', () => {
    const mail = renderMail({ ...inputs.TICKET_CREATED, expected: null } as MailTemplateInput, 'EN');
    expect(mail.text).toContain('as soon as possible');
    expect(mail.text).not.toContain('First response by');
  });

  it('reply: the note as written, line by line', () => {
    const mail = renderMail(inputs.PUBLIC_REPLY, 'IT');
    expect(mail.subject).toBe('[HT00191] Stampante di rete non stampa');
    expect(mail.text).toContain('> Ci mandi il file di log.\n> Grazie');
    expect(mail.html).toContain('Ci mandi il file di log.<br>\nGrazie');
    expect(mail.text).toContain('Ha scritto Luca.');
  });

  it('resolution: the documented solution, and the call when it was solved on the phone', () => {
    const mail = renderMail(inputs.RESOLVED, 'EN');
    expect(mail.subject).toBe('[HT00191] Resolved: Stampante di rete non stampa');
    expect(mail.text).toContain('> Sostituito il toner');
    expect(mail.text).toContain('> Passeremo a ritirare il vecchio');
    expect(mail.text).not.toContain('on the phone');
    const duringCall = renderMail(
      { ...inputs.RESOLVED, solvedDuringCall: true, note: null } as MailTemplateInput,
      'IT',
    );
    expect(duringCall.text).toContain('come concordato durante la telefonata');
  });

  it('auto-close warning and notice: the days and the closing date', () => {
    expect(renderMail(inputs.AUTO_CLOSE_WARNING, 'IT').text).toMatch(
      /chiusa automaticamente il martedì 3 marzo.*\(7 giorni/,
    );
    expect(renderMail(inputs.AUTO_CLOSE_WARNING, 'EN').text).toMatch(
      /closed automatically on Tuesday,? 3 March.*\(7 days/,
    );
    expect(renderMail(inputs.AUTO_CLOSED, 'IT').text).toContain('entro 7 giorni');
    expect(renderMail({ ...inputs.AUTO_CLOSED, days: 1 } as MailTemplateInput, 'EN').text).toContain('within 1 day ');
  });

  it('survey: the signed link, clickable in HTML', () => {
    const mail = renderMail(inputs.SURVEY, 'IT');
    expect(mail.text).toContain('https://help.example.com/survey/abc.def');
    expect(mail.html).toContain('<a href="https://help.example.com/survey/abc.def">Valuti l’assistenza ricevuta</a>');
  });

  it('falls back to a generic greeting without a name', () => {
    const mail = renderMail({ ...inputs.AUTO_CLOSED, ticket: { ...ticket, recipientName: null } }, 'IT');
    expect(mail.text.startsWith('Gentile Cliente,')).toBe(true);
  });
});

describe('safety', () => {
  const hostile: MailTicket = {
    code: 'HT00007',
    subject: 'Broken <script>alert(1)</script>\r\nBcc: victim@example.com',
    placeAndWhat: '"quoted" & <b>bold</b>',
    recipientName: '<img src=x onerror=alert(1)>',
  };

  it('escapes every value in HTML', () => {
    const mail = renderMail(
      { kind: 'PUBLIC_REPLY', ticket: hostile, body: '</blockquote><script>x()</script>', authorName: "O'Hara" },
      'EN',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(mail.html).toContain('O&#39;Hara');
    const created = renderMail({ kind: 'TICKET_CREATED', ticket: hostile, expected: null }, 'IT');
    expect(created.html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('keeps the subject on one line, so no header can be smuggled in', () => {
    const mail = renderMail({ kind: 'AUTO_CLOSED', ticket: hostile, days: 7 }, 'EN');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.startsWith('[HT00007] Closed: Broken')).toBe(true);
  });

  it('never makes a non-web link clickable', () => {
    const mail = renderMail(
      { kind: 'SURVEY', ticket, surveyUrl: 'javascript:alert(1)', validUntil: MARCH_3_1700Z },
      'EN',
    );
    expect(mail.html).not.toContain('href=');
    expect(mail.html).toContain('javascript:alert(1)');
  });
});
