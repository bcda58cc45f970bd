import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '$lib/tickets/errors';
import ReplyForm from './ReplyForm.svelte';
import { setupTestI18n } from './testing';

describe('ReplyForm', () => {
  beforeAll(() => setupTestI18n());

  it('sends the trimmed reply with its files, then clears itself and says it was sent', async () => {
    const sent: [string, File[]][] = [];
    render(ReplyForm, {
      onsubmit: async (body: string, files: File[]) => {
        sent.push([body, files]);
        return undefined;
      },
    });
    const button = screen.getByRole('button', { name: 'Invia risposta' });
    expect(button).toBeDisabled();
    const body = screen.getByRole('textbox', { name: 'Il tuo messaggio' });
    expect(body).toHaveAccessibleDescription(/Resta sul tema di questa richiesta/);
    const photo = new File([new Uint8Array([1])], 'foto.png', { type: 'image/png' });
    await fireEvent.change(screen.getByLabelText('Foto e allegati'), { target: { files: [photo] } });
    await fireEvent.input(body, { target: { value: '  Il problema si ripresenta ogni mattina.  ' } });
    await fireEvent.click(button);

    expect(sent).toEqual([['Il problema si ripresenta ogni mattina.', [photo]]]);
    expect(await screen.findByRole('status')).toHaveTextContent('Risposta inviata.');
    expect(body).toHaveValue('');
  });

  it('keeps the text and shows the error when the reply is refused', async () => {
    const refused: ApiError = { code: 'VALIDATION', message: 'foto.exe: solo foto, PDF e testo.', extensions: {} };
    render(ReplyForm, { onsubmit: async () => refused });
    const body = screen.getByRole('textbox', { name: 'Il tuo messaggio' });
    await fireEvent.input(body, { target: { value: 'Allego il file.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Invia risposta' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('foto.exe: solo foto, PDF e testo.');
    expect(body).toHaveValue('Allego il file.');
  });
});
