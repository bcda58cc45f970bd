/**
 * End-to-end scenarios of the email channel's screens, run by e2e/run.ts against the same API and demo data: a
 * message the API cannot read is kept, supervisors are told through the bell, and staff find it and retry it; an
 * admin adds a mailbox in /admin, sees what the API's reader made of it and changes its settings.
 */
import { createServer } from 'node:net';
import { expectNoSeriousViolations, type E2eKit } from './portal.ts';

const ADMIN = 'andrea.fumagalli@sportello.demo';

export async function mailScenarios(kit: E2eKit) {
  const assert: E2eKit['assert'] = kit.assert;

  await kit.scenario('mail: an unreadable message is kept, announced by the bell, listed and retried', async () => {
    const admin = await kit.signedInPage(ADMIN);
    await admin.goto(`${kit.baseUrl}/tickets`);
    const { createApiToken } = await kit.gql<{ createApiToken: { token: string } }>(
      admin,
      `mutation { createApiToken(name: "Postfix e2e", scope: READ_WRITE) { token } }`,
    );
    // What a mail server would pipe: bytes with no headers at all, so no sender to open a ticket for.
    const stamp = Date.now().toString(36);
    const response = await fetch(`${kit.baseUrl}/mail/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${createApiToken.token}`, 'content-type': 'message/rfc822' },
      body: `\u0000\u0001 non è un messaggio ${stamp}\r\n\r\n\u0000`,
    });
    const recorded = (await response.json()) as { outcome?: string; error?: string };
    assert(response.status === 201 && recorded.outcome === 'FAILED', `delivery: ${JSON.stringify(recorded)}`);

    await admin.reload();
    await admin.getByRole('button', { name: /^Notifiche, / }).click();
    const link = admin.getByRole('link', { name: 'Mail in arrivo non elaborata' }).first();
    await link.click();
    await admin.waitForURL(/\/mail$/);
    await admin.getByRole('heading', { name: 'Posta in arrivo non elaborata' }).waitFor();
    const row = admin.getByTestId('failed-mail').filter({ hasText: 'endpoint HTTP' }).first();
    await row.waitFor();
    assert((await row.textContent())?.includes(recorded.error ?? '?'), 'the row shows why the message failed');

    await row.getByRole('button', { name: /^Riprova il messaggio di / }).click();
    await admin
      .getByTestId('retry-outcome')
      .getByText(/^Il messaggio non è stato elaborato nemmeno questa volta/)
      .waitFor();
    assert((await admin.getByTestId('failed-mail').count()) >= 1, 'a message that failed again stays listed');
  });

  await kit.scenario('admin: mailboxes added and changed in /admin; the API reports why one failed', async () => {
    // A port that accepts nothing: the reader's error is the server's refusal.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const admin = await kit.signedInPage(ADMIN);
    await admin.goto(`${kit.baseUrl}/admin`);
    const panel = admin.locator('section', { has: admin.getByRole('heading', { name: 'Caselle di posta' }) });
    await panel.getByLabel('Nome', { exact: true }).fill('Casella e2e');
    await panel.getByLabel('Server IMAP').fill('127.0.0.1');
    await panel.getByLabel('TLS dalla connessione (porta 993)').uncheck();
    await panel.getByLabel('Porta', { exact: true }).fill(String(closedPort));
    await panel.getByLabel('Utente', { exact: true }).fill('assistenza@example.it');
    await panel.getByLabel('Password', { exact: true }).fill('s3greta');
    await panel.getByRole('button', { name: 'Aggiungi casella' }).click();
    await panel.getByText('Casella Casella e2e aggiunta: sarà letta entro pochi secondi.').waitFor();

    // The reader polls every second here (SPORTELLO_MAIL_INBOUND_INTERVAL_MS): reload until it has been.
    const card = admin.getByTestId('mailbox').filter({ hasText: 'Casella e2e' });
    let seen = '';
    for (let attempt = 0; attempt < 20 && !seen.includes('Ultimo errore'); attempt++) {
      await admin.waitForTimeout(500);
      await admin.reload();
      seen = (await card.textContent({ timeout: 5000 })) ?? '';
    }
    assert(seen.includes('Ultimo errore'), `the mailbox shows the reader's failure: ${seen}`);
    assert(!seen.includes('Mai letta'), 'the mailbox shows when it was last read');

    await expectNoSeriousViolations(kit, admin, '/admin');

    // Settings are changed in place, and the change is the API's: it is still there after a reload.
    await card.getByRole('button', { name: 'Modifica le impostazioni di Casella e2e' }).click();
    await card.getByLabel('Nome', { exact: true }).fill('Casella e2e rinominata');
    await card.getByRole('button', { name: 'Salva' }).click();
    await panel.getByText('Modifiche salvate.').waitFor();
    await admin.reload();
    const renamed = admin.getByTestId('mailbox').filter({ hasText: 'Casella e2e rinominata' });
    await renamed.getByRole('button', { name: 'Casella e2e rinominata: Disattiva' }).click();
    await renamed.getByText('Disattivato').waitFor();
  });
}
