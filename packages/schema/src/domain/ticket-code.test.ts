import { describe, expect, it } from 'vitest';
import { formatTicketCode, parseTicketCode } from './ticket-code.ts';

describe('ticket codes', () => {
  it('pads the number to five digits', () => {
    expect(formatTicketCode(191)).toBe('HT00191');
    expect(formatTicketCode(1)).toBe('HT00001');
    expect(formatTicketCode(123456)).toBe('HT123456');
  });

  it('reads codes however they are typed', () => {
    expect(parseTicketCode('HT00191')).toBe(191);
    expect(parseTicketCode(' ht191 ')).toBe(191);
    expect(parseTicketCode('191')).toBe(191);
  });

  it('rejects what is not a code', () => {
    expect(parseTicketCode('HT')).toBeNull();
    expect(parseTicketCode('HT0')).toBeNull();
    expect(parseTicketCode('stampante')).toBeNull();
    expect(parseTicketCode('HT99999999999')).toBeNull();
    expect(parseTicketCode('HT-12')).toBeNull();
  });
});
