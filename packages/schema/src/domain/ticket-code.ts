/** Ticket codes as the support team writes them: HT + the ticket number, zero-padded to five digits (HT00191). */
export function formatTicketCode(number: number): string {
  return `HT${String(number).padStart(5, '0')}`;
}

/** The ticket number behind a code ("HT00191", "ht191", "191"); null when the text is not a code. */
export function parseTicketCode(text: string): number | null {
  const match = /^(?:HT)?(\d{1,9})$/i.exec(text.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return number > 0 && number <= 2_147_483_647 ? number : null;
}
