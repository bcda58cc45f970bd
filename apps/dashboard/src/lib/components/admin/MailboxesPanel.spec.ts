import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminMailbox } from '$lib/admin/documents';
import { setupTestI18n } from '$lib/call/testing';
import { fakeUrqlClient, graphqlFailure, type FakeAnswer } from '$lib/graphql/testing';
import MailboxesPanel from './MailboxesPanel.svelte';

const QUEUES = [
  { id: 'queue-it', name: 'INTERVENTO TECNICO' },
  { id: 'queue-sw', name: 'SOFTWARE' },
];

function mailboxFactory(overrides: Partial<AdminMailbox> = {}): AdminMailbox {
  return {
    id: 'mailbox-1',
    name: 'Assistenza',
    host: 'imap.example.it',
    port: 993,
    secure: true,
    username: 'assistenza@example.it',
    folder: 'INBOX',
    active: true,
    lastPolledAt: '2026-11-23T09:00:00.000Z',
    lastError: null,
    queue: QUEUES[0]!,
    ...overrides,
  };
}

const listing =
  (mailboxes: AdminMailbox[]): FakeAnswer =>
  () => ({ mailboxes, queues: QUEUES });

function renderPanel(client: ReturnType<typeof fakeUrqlClient>) {
  return render(MailboxesPanel, { context: new Map([['$$_urql', client]]) });
}

describe('MailboxesPanel', () => {
  beforeAll(() => setupTestI18n());

  it('shows each mailbox with its server, folder, queue, last read and last error', async () => {
    renderPanel(
      fakeUrqlClient({
        AdminMailboxes: listing([
          mailboxFactory(),
          mailboxFactory({
            id: 'mailbox-2',
            name: 'Fatture',
            port: 143,
            secure: false,
            active: false,
            lastPolledAt: null,
            lastError: 'AUTHENTICATIONFAILED',
            queue: QUEUES[1]!,
          }),
        ]),
      }),
    );

    const [first, second] = await screen.findAllByTestId('mailbox');
    expect(first).toHaveTextContent('imap.example.it:993 (TLS)');
    expect(first).toHaveTextContent('INTERVENTO TECNICO');
    expect(first).toHaveTextContent('Attivo');
    expect(second).toHaveTextContent('imap.example.it:143 (in chiaro o STARTTLS)');
    expect(second).toHaveTextContent('Mai letta');
    expect(second).toHaveTextContent('Ultimo errore: AUTHENTICATIONFAILED');
    expect(second).toHaveTextContent('SOFTWARE');
  });

  it('adds a mailbox with the settings typed, the port following the security choice', async () => {
    const client = fakeUrqlClient({
      AdminMailboxes: listing([]),
      AdminCreateMailbox: (variables) => ({
        createMailbox: mailboxFactory({ id: 'new', name: (variables.input as { name: string }).name }),
      }),
    });
    renderPanel(client);
    expect(await screen.findByText(/Nessuna casella configurata/)).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText('Nome'), { target: { value: ' Assistenza ' } });
    await fireEvent.input(screen.getByLabelText('Server IMAP'), { target: { value: 'imap.example.it' } });
    await fireEvent.click(screen.getByLabelText('TLS dalla connessione (porta 993)'));
    expect(screen.getByLabelText('Porta')).toHaveValue(143);
    await fireEvent.input(screen.getByLabelText('Utente'), { target: { value: 'assistenza@example.it' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 's3greta' } });
    await fireEvent.change(screen.getByLabelText('Coda'), { target: { value: 'queue-sw' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Aggiungi casella' }));

    await waitFor(() =>
      expect(client.mutation).toHaveBeenCalledWith(expect.anything(), {
        input: {
          name: 'Assistenza',
          host: 'imap.example.it',
          port: 143,
          secure: false,
          username: 'assistenza@example.it',
          password: 's3greta',
          folder: 'INBOX',
          queueId: 'queue-sw',
        },
      }),
    );
    expect(await screen.findByText(/Casella Assistenza aggiunta/)).toBeInTheDocument();
    expect(screen.getAllByTestId('mailbox')).toHaveLength(1);
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('shows the API’s reason when a mailbox is refused, keeping what was typed', async () => {
    renderPanel(
      fakeUrqlClient({
        AdminMailboxes: listing([]),
        AdminCreateMailbox: () =>
          graphqlFailure('VALIDATION', 'Invalid input.', {
            issues: [{ field: 'name', message: 'A mailbox with this name already exists.' }],
          }),
      }),
    );
    await screen.findByText(/Nessuna casella configurata/);
    await fireEvent.input(screen.getByLabelText('Nome'), { target: { value: 'Assistenza' } });
    await fireEvent.input(screen.getByLabelText('Server IMAP'), { target: { value: 'imap.example.it' } });
    await fireEvent.input(screen.getByLabelText('Utente'), { target: { value: 'assistenza@example.it' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 's3greta' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Aggiungi casella' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('A mailbox with this name already exists.');
    expect(screen.getByLabelText('Nome')).toHaveValue('Assistenza');
  });

  it('deactivates a mailbox and changes its password', async () => {
    const mailbox = mailboxFactory();
    const client = fakeUrqlClient({
      AdminMailboxes: listing([mailbox]),
      AdminUpdateMailbox: (variables) => ({
        updateMailbox: { ...mailbox, ...(variables.input as object), lastError: null },
      }),
    });
    renderPanel(client);
    const card = await screen.findByTestId('mailbox');

    await fireEvent.click(within(card).getByRole('button', { name: 'Assistenza: Disattiva' }));
    await waitFor(() => expect(card).toHaveTextContent('Disattivato'));
    expect(client.mutation).toHaveBeenLastCalledWith(expect.anything(), {
      id: mailbox.id,
      input: { active: false },
    });

    await fireEvent.input(within(card).getByLabelText('Nuova password di Assistenza'), {
      target: { value: 'n u o v a' },
    });
    await fireEvent.click(within(card).getByRole('button', { name: 'Cambia password' }));
    expect(await screen.findByText('Password di Assistenza aggiornata.')).toBeInTheDocument();
    expect(client.mutation).toHaveBeenLastCalledWith(expect.anything(), {
      id: mailbox.id,
      input: { password: 'n u o v a' },
    });
    expect(within(card).getByLabelText('Nuova password di Assistenza')).toHaveValue('');
  });

  it('changes a mailbox’s settings, sending only what was changed', async () => {
    const mailbox = mailboxFactory({ lastError: 'ECONNREFUSED' });
    const client = fakeUrqlClient({
      AdminMailboxes: listing([mailbox]),
      AdminUpdateMailbox: (variables) => {
        const input = variables.input as Partial<AdminMailbox> & { queueId?: string };
        const queue = QUEUES.find((item) => item.id === input.queueId) ?? mailbox.queue;
        return { updateMailbox: { ...mailbox, ...input, queue, lastError: null } };
      },
    });
    renderPanel(client);
    const card = await screen.findByTestId('mailbox');

    await fireEvent.click(within(card).getByRole('button', { name: 'Modifica le impostazioni di Assistenza' }));
    expect(within(card).getByLabelText('Server IMAP')).toHaveValue('imap.example.it');
    expect(within(card).getByLabelText('Coda')).toHaveValue('queue-it');
    await fireEvent.input(within(card).getByLabelText('Server IMAP'), { target: { value: ' mail.example.it ' } });
    await fireEvent.click(within(card).getByLabelText('TLS dalla connessione (porta 993)'));
    expect(within(card).getByLabelText('Porta')).toHaveValue(143);
    await fireEvent.change(within(card).getByLabelText('Coda'), { target: { value: 'queue-sw' } });
    await fireEvent.click(within(card).getByRole('button', { name: 'Salva' }));

    await waitFor(() => expect(card).toHaveTextContent('mail.example.it:143 (in chiaro o STARTTLS)'));
    expect(client.mutation).toHaveBeenLastCalledWith(expect.anything(), {
      id: mailbox.id,
      input: { host: 'mail.example.it', port: 143, secure: false, queueId: 'queue-sw' },
    });
    expect(card).toHaveTextContent('SOFTWARE');
    expect(card).not.toHaveTextContent('ECONNREFUSED');
    expect(screen.getByRole('status')).toHaveTextContent('Modifiche salvate.');
    expect(within(card).queryByLabelText('Server IMAP')).not.toBeInTheDocument();
  });

  it('keeps the form and what was typed when a change is refused, and cancelling restores the card', async () => {
    const mailbox = mailboxFactory();
    const client = fakeUrqlClient({
      AdminMailboxes: listing([mailbox, mailboxFactory({ id: 'mailbox-2', name: 'Fatture' })]),
      AdminUpdateMailbox: () =>
        graphqlFailure('VALIDATION', 'Invalid input.', {
          issues: [{ field: 'name', message: 'A mailbox with this name already exists.' }],
        }),
    });
    renderPanel(client);
    const [card] = await screen.findAllByTestId('mailbox');

    await fireEvent.click(within(card!).getByRole('button', { name: 'Modifica le impostazioni di Assistenza' }));
    await fireEvent.input(within(card!).getByLabelText('Nome'), { target: { value: 'Fatture' } });
    await fireEvent.click(within(card!).getByRole('button', { name: 'Salva' }));

    expect(await within(card!).findByRole('alert')).toHaveTextContent('A mailbox with this name already exists.');
    expect(within(card!).getByLabelText('Nome')).toHaveValue('Fatture');
    expect(client.mutation).toHaveBeenLastCalledWith(expect.anything(), { id: mailbox.id, input: { name: 'Fatture' } });

    await fireEvent.click(within(card!).getByRole('button', { name: 'Annulla' }));
    expect(within(card!).queryByLabelText('Nome')).not.toBeInTheDocument();
    expect(within(card!).queryByRole('alert')).not.toBeInTheDocument();
    expect(card).toHaveTextContent('imap.example.it:993 (TLS)');
  });

  it('saves nothing when nothing was changed, and offers a deactivated queue the mailbox still uses', async () => {
    const retired = { id: 'queue-old', name: 'VECCHIA CODA' };
    const client = fakeUrqlClient({ AdminMailboxes: listing([mailboxFactory({ queue: retired })]) });
    renderPanel(client);
    const card = await screen.findByTestId('mailbox');

    await fireEvent.click(within(card).getByRole('button', { name: 'Modifica le impostazioni di Assistenza' }));
    const queue = within(card).getByLabelText('Coda');
    expect(queue).toHaveValue('queue-old');
    expect(
      within(queue)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['VECCHIA CODA', 'INTERVENTO TECNICO', 'SOFTWARE']);
    await fireEvent.input(within(card).getByLabelText('Cartella'), { target: { value: ' INBOX ' } });
    await fireEvent.click(within(card).getByRole('button', { name: 'Salva' }));

    await waitFor(() => expect(within(card).queryByLabelText('Cartella')).not.toBeInTheDocument());
    expect(client.mutation).not.toHaveBeenCalled();
  });
});
