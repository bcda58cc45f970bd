import { describe, expect, it } from 'vitest';
import {
  messageKeyOf,
  parseInboundMail,
  stripQuotedReply,
  ticketNumberInSubject,
  ticketSubjectOf,
} from './inbound-parse.ts';

const mail = (headers: Record<string, string>, body = 'Buongiorno, la stampante non stampa.') =>
  Buffer.from(
    Object.entries({ From: 'Mario Rossi <Mario.Rossi@Example.COM>', Subject: 'Stampante', ...headers })
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n') + `\r\n\r\n${body}\r\n`,
  );

describe('parseInboundMail', () => {
  it('reads sender, subject, thread headers and text', async () => {
    const parsed = await parseInboundMail(
      mail({
        'Message-ID': '<m1@example.com>',
        'In-Reply-To': '<out-2@sportello>',
        References: '<out-1@sportello> <out-2@sportello>',
      }),
    );
    expect(parsed).toMatchObject({
      messageKey: '<m1@example.com>',
      fromAddress: 'mario.rossi@example.com',
      fromName: 'Mario Rossi',
      subject: 'Stampante',
      inReplyTo: '<out-2@sportello>',
      references: ['<out-1@sportello>', '<out-2@sportello>'],
      text: 'Buongiorno, la stampante non stampa.',
      automatic: null,
    });
  });

  it('keys a message without Message-ID by the digest of its bytes', async () => {
    const raw = mail({});
    const parsed = await parseInboundMail(raw);
    expect(parsed.messageKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parsed.messageKey).toBe(messageKeyOf(raw, undefined));
    expect(messageKeyOf(mail({ Subject: 'Altro' }), undefined)).not.toBe(parsed.messageKey);
  });

  it('finds no sender in bytes that are not a message', async () => {
    const parsed = await parseInboundMail(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x00, 0xfe]));
    expect(parsed.fromAddress).toBeNull();
  });

  it('converts an HTML-only message to text', async () => {
    const parsed = await parseInboundMail(
      mail({ 'Content-Type': 'text/html; charset=utf-8' }, '<p>Il <b>server</b> è spento</p>'),
    );
    expect(parsed.text).toContain('Il server è spento');
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, /Auto-Submitted/],
    [{ 'Auto-Submitted': 'auto-generated' }, /Auto-Submitted/],
    [{ Precedence: 'bulk' }, /Precedence/],
    [{ Precedence: 'junk' }, /Precedence/],
    [{ Precedence: 'list' }, /Precedence/],
    [{ 'X-Autoreply': 'yes' }, /x-autoreply/],
    [{ 'List-Id': '<news.example.com>' }, /List-Id/],
    [{ From: 'MAILER-DAEMON@mx.example.com' }, /automatic sender/],
    [{ From: 'postmaster@example.com' }, /automatic sender/],
    [{ 'Return-Path': '<>' }, /bounce/],
    [{ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' }, /multipart\/report/],
  ])('recognises automatic mail: %o', async (headers, reason) => {
    const parsed = await parseInboundMail(mail(headers));
    expect(parsed.automatic).toMatch(reason);
  });

  it('treats Auto-Submitted: no and an ordinary Return-Path as a person writing', async () => {
    const parsed = await parseInboundMail(
      mail({ 'Auto-Submitted': 'no', 'Return-Path': '<mario.rossi@example.com>', Precedence: 'normal' }),
    );
    expect(parsed.automatic).toBeNull();
  });

  it('keeps attachments with their names', async () => {
    const raw = Buffer.from(
      [
        'From: a@example.com',
        'Subject: foto',
        'Content-Type: multipart/mixed; boundary="zz"',
        '',
        '--zz',
        'Content-Type: text/plain',
        '',
        'Ecco la foto',
        '--zz',
        'Content-Type: text/plain; name="log.txt"',
        'Content-Disposition: attachment; filename="log.txt"',
        '',
        'error 42',
        '--zz--',
        '',
      ].join('\r\n'),
    );
    const parsed = await parseInboundMail(raw);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ fileName: 'log.txt', contentType: 'text/plain' });
    expect(parsed.attachments[0]!.content.toString()).toContain('error 42');
  });
});

describe('subject tags', () => {
  it.each([
    ['Re: [HT00191] Stampante', 191],
    ['R: I: [ht00042] Server', 42],
    ['[ HT7 ]', 7],
    ['HT00191 senza parentesi', null],
    ['Stampante', null],
    ['[HT00000]', null],
  ])('%s → %s', (subject, number) => {
    expect(ticketNumberInSubject(subject)).toBe(number);
  });

  it('cleans the subject of a new ticket', () => {
    expect(ticketSubjectOf('Re: R: Fwd: [HT00191] Stampante ferma')).toBe('Stampante ferma');
    expect(ticketSubjectOf('   ')).toBe('(senza oggetto)');
    expect(ticketSubjectOf('x'.repeat(500))).toHaveLength(200);
  });
});

describe('stripQuotedReply', () => {
  it('cuts at the attribution line (English and Italian, wrapped too)', () => {
    expect(stripQuotedReply('Funziona, grazie!\n\nOn Mon, 3 Mar 2026 at 10:00, Sportello <s@x> wrote:\n> Ciao')).toBe(
      'Funziona, grazie!',
    );
    expect(stripQuotedReply('Ok\n\nIl giorno lun 3 mar 2026 alle 10:00 Sportello <s@x> ha scritto:\n> Ciao')).toBe(
      'Ok',
    );
    expect(stripQuotedReply('Ok\n\nOn Mon, 3 Mar 2026 at 10:00, Sportello <\ns@x> wrote:\n> Ciao')).toBe('Ok');
  });

  it("cuts at Outlook's header block and at Original Message separators", () => {
    expect(stripQuotedReply('Sì, domani.\n\n________________\nDa: Sportello\nInviato: lunedì\nA: Mario\n\nCiao')).toBe(
      'Sì, domani.',
    );
    expect(stripQuotedReply('Sì.\n-----Original Message-----\nFrom: x')).toBe('Sì.');
  });

  it('drops a trailing quoted block but keeps interleaved answers', () => {
    expect(stripQuotedReply('Fatto.\n\n> domanda\n> altra riga\n')).toBe('Fatto.');
    expect(stripQuotedReply('> domanda 1\nrisposta 1\n> domanda 2\nrisposta 2')).toBe(
      '> domanda 1\nrisposta 1\n> domanda 2\nrisposta 2',
    );
  });

  it('keeps everything when nothing new would be left', () => {
    expect(stripQuotedReply('> solo citazione')).toBe('> solo citazione');
    expect(stripQuotedReply('Nessuna citazione qui.')).toBe('Nessuna citazione qui.');
  });
});
