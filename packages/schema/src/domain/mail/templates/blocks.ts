/**
 * The pieces a mail is made of, rendered twice: as plain text and as HTML. Templates describe content only; the
 * two renderers decide how it looks, and the HTML one escapes every value it is given.
 */
export type Block =
  | { kind: 'paragraph'; text: string }
  /** Text written by a person (a note, a solution): kept line by line, shown as a quotation. */
  | { kind: 'quote'; text: string }
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  | { kind: 'link'; label: string; url: string };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const quote = (text: string): Block => ({ kind: 'quote', text });
export const facts = (rows: ReadonlyArray<readonly [string, string]>): Block => ({ kind: 'facts', rows });
export const link = (label: string, url: string): Block => ({ kind: 'link', label, url });

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a double- or single-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/** Only web links go into an href: anything else (javascript:, data:) is shown as text, never made clickable. */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

const normalizeNewlines = (text: string) => text.replace(/\r\n?/g, '\n').trim();

export function renderText(blocks: readonly Block[], footer: string): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return normalizeNewlines(block.text);
      case 'quote':
        return normalizeNewlines(block.text)
          .split('\n')
          .map((line) => (line ? `> ${line}` : '>'))
          .join('\n');
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
      case 'link':
        return `${block.label}:\n${block.url}`;
    }
  });
  return `${[...parts, `-- \n${normalizeNewlines(footer)}`].join('\n\n')}\n`;
}

const multiline = (text: string) => escapeHtml(normalizeNewlines(text)).replace(/\n/g, '<br>\n');

export function renderHtml(blocks: readonly Block[], footer: string, lang: string, title: string): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${multiline(block.text)}</p>`;
      case 'quote':
        return `<blockquote style="margin:0 0 1em;padding:0.5em 1em;border-left:3px solid #c7ccd6;background:#f5f6f8">${multiline(block.text)}</blockquote>`;
      case 'facts':
        return `<table role="presentation" style="border-collapse:collapse;margin:0 0 1em">${block.rows
          .map(
            ([label, value]) =>
              `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:2px 0">${multiline(value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'link':
        return isWebUrl(block.url)
          ? `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`
          : `<p>${escapeHtml(block.label)}: ${escapeHtml(block.url)}</p>`;
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2430">',
    ...body,
    `<p style="color:#6b7280;font-size:12px;border-top:1px solid #e5e7eb;padding-top:8px">${multiline(footer)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
