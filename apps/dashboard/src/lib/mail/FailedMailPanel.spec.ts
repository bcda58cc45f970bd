import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeUrqlClient, graphqlFailure, type FakeAnswer } from '$lib/graphql/testing';
import { setupTestI18n } from '$lib/tickets/testing';
import type { FailedMail } from './documents';
import { failedMailFactory } from './factories';
import FailedMailPanel from './FailedMailPanel.svelte';

function page(items: FailedMail[], hasNextPage = false): FakeAnswer {
  return () => ({
    inboundMails: {
      edges: items.map((node) => ({ node })),
      pageInfo: { hasNextPage, endCursor: items.at(-1)?.id ?? null },
    },
  });
}

function renderPanel(client: ReturnType<typeof fakeUrqlClient>) {
  return render(FailedMailPanel, { context: new Map([['$$_urql', client]]) });
}

describe('FailedMailPanel', () => {
  beforeAll(() => setupTestI18n('it'));

  it('lists the messages that failed with their sender, subject, mailbox and error', async () => {
    const first = failedMailFactory();
    const client = fakeUrqlClient({
      FailedMails: page([
        first,
        failedMailFactory({ fromAddress: null, subject: null, source: 'http', error: 'Malformed MIME header' }),
      ]),
    });
    renderPanel(client);

    const rows = await screen.findAllByTestId('failed-mail');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('mario.rossi@example.it');
    expect(rows[0]).toHaveTextContent('Stampante del protocollo non stampa');
    expect(rows[0]).toHaveTextContent('assistenza');
    expect(rows[0]).toHaveTextContent('There is no active support queue for new tickets.');
    expect(rows[1]).toHaveTextContent('mittente sconosciuto');
    expect(rows[1]).toHaveTextContent('(senza oggetto)');
    expect(rows[1]).toHaveTextContent('endpoint HTTP');
    expect(rows[1]).toHaveTextContent('Malformed MIME header');
    // The message as it arrived, to see what went wrong.
    const original = within(rows[0]!).getByRole('link', {
      name: 'Scarica il messaggio originale di mario.rossi@example.it',
    });
    expect(original).toHaveAttribute('href', `/files/mail/${first.id}.eml`);
    expect(original).toHaveAttribute('download');
    expect(client.query).toHaveBeenCalledWith(expect.anything(), { first: 25 }, { requestPolicy: 'network-only' });
  });

  it('says so when nothing is waiting', async () => {
    renderPanel(fakeUrqlClient({ FailedMails: page([]) }));
    expect(await screen.findByText(/tutta la posta ricevuta è stata elaborata/)).toBeInTheDocument();
  });

  it('removes a message that a retry turned into a ticket, and links to that ticket', async () => {
    const mail = failedMailFactory();
    const client = fakeUrqlClient({
      FailedMails: page([mail]),
      RetryInboundMail: () => ({
        retryInboundMail: { ...mail, outcome: 'PROCESSED', error: null, ticket: { id: 't-191', code: 'HT00191' } },
      }),
    });
    renderPanel(client);

    await fireEvent.click(
      await screen.findByRole('button', { name: 'Riprova il messaggio di mario.rossi@example.it' }),
    );

    const outcome = screen.getByTestId('retry-outcome');
    await waitFor(() => expect(outcome).toHaveTextContent('Messaggio elaborato: ora è nel ticket HT00191.'));
    expect(within(outcome).getByRole('link', { name: 'HT00191' }).getAttribute('href')).toMatch(/\/tickets\/HT00191$/);
    expect(screen.queryAllByTestId('failed-mail')).toHaveLength(0);
    expect(client.mutation).toHaveBeenCalledWith(expect.anything(), { id: mail.id });
  });

  it('keeps a message that failed again, with its new error', async () => {
    const mail = failedMailFactory();
    const client = fakeUrqlClient({
      FailedMails: page([mail]),
      RetryInboundMail: () => ({ retryInboundMail: { ...mail, error: 'Still no active queue' } }),
    });
    renderPanel(client);

    await fireEvent.click(await screen.findByRole('button', { name: /Riprova il messaggio/ }));

    await waitFor(() =>
      expect(screen.getByTestId('retry-outcome')).toHaveTextContent(
        'Il messaggio non è stato elaborato nemmeno questa volta: Still no active queue',
      ),
    );
    const rows = screen.getAllByTestId('failed-mail');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Still no active queue');
  });

  it('reports a refused retry and keeps the message', async () => {
    const mail = failedMailFactory();
    const client = fakeUrqlClient({
      FailedMails: page([mail]),
      RetryInboundMail: () =>
        graphqlFailure('INBOUND_MAIL_NOT_FAILED', 'Only a message that failed can be processed again.'),
    });
    renderPanel(client);

    await fireEvent.click(await screen.findByRole('button', { name: /Riprova il messaggio/ }));

    await waitFor(() =>
      expect(screen.getByTestId('retry-outcome')).toHaveTextContent(
        'Impossibile riprovare il messaggio: Only a message that failed can be processed again.',
      ),
    );
    expect(screen.getAllByTestId('failed-mail')).toHaveLength(1);
  });

  it('loads older messages on request, without repeating any', async () => {
    const first = [failedMailFactory(), failedMailFactory()];
    const older = failedMailFactory({ fromAddress: 'giulia.bianchi@example.it' });
    const client = fakeUrqlClient({
      FailedMails: (variables) => (variables.after ? page([first[1]!, older]) : page(first, true))(variables),
    });
    renderPanel(client);

    await fireEvent.click(await screen.findByRole('button', { name: 'Mostra altri' }));

    await waitFor(() => expect(screen.getAllByTestId('failed-mail')).toHaveLength(3));
    expect(screen.getAllByTestId('failed-mail')[2]).toHaveTextContent('giulia.bianchi@example.it');
    expect(screen.queryByRole('button', { name: 'Mostra altri' })).not.toBeInTheDocument();
    expect(client.query).toHaveBeenLastCalledWith(
      expect.anything(),
      { first: 25, after: first[1]!.id },
      { requestPolicy: 'network-only' },
    );
  });

  it('shows an error when the list cannot be loaded', async () => {
    renderPanel(fakeUrqlClient({ FailedMails: () => graphqlFailure('FORBIDDEN', 'Not allowed.') }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Impossibile caricare i messaggi non elaborati.');
  });
});
