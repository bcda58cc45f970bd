/**
 * End-to-end scenario of the unprocessed incoming mail, run by e2e/run.ts against the same API and demo data: a
 * message the API cannot read is kept, supervisors are told through the bell, and staff find it and retry it.
 */
import type { E2eKit } from './portal.ts';

const ADMIN = 'andrea.fumagalli@sportello.demo';

export async function mailScenarios(kit: E2eKit) {
  const { assert } = kit;

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
}
