/**
 * End-to-end scenarios of the customer portal and the satisfaction survey, run by e2e/run.ts against the same API
 * and demo data: Roberto Invernizzi's organisation has no contract, Elena Brambilla's has an active one.
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface E2eKit {
  baseUrl: string;
  screenshotsDir: string;
  /** A page in a fresh browser context (its own cookies), Italian. */
  newPage: () => Promise<Page>;
  /** A page signed in as this demo user (through the API, not the form). */
  signedInPage: (email: string) => Promise<Page>;
  signInWithForm: (page: Page, email: string) => Promise<void>;
  scenario: (name: string, fn: () => Promise<void>) => Promise<void>;
  assert: (condition: unknown, message: string) => asserts condition;
  gql: <T = any>(page: Page, query: string, variables?: Record<string, unknown>) => Promise<T>;
}

const ROBERTO = { email: 'roberto@invernizzi-auto.example', name: 'Roberto Invernizzi' };
const ELENA = { email: 'elena.brambilla@studiobrambillasala.example', name: 'Elena Brambilla' };
const OPERATOR = 'giulia.rossi@sportello.demo';
const ADMIN = 'andrea.fumagalli@sportello.demo';

/** A 1×1 PNG: the "photo of the problem". */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function expectNoSeriousViolations(kit: E2eKit, page: Page, what: string) {
  const analysis = await new AxeBuilder({ page }).analyze();
  const bad = analysis.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  kit.assert(
    bad.length === 0,
    `${what}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`,
  );
}

/** GraphQL from a page without failing on errors: for the answers that must be refused. */
async function rawGql(page: Page, query: string, variables: Record<string, unknown>) {
  return page.evaluate(
    async ({ query, variables }) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    },
    { query, variables },
  );
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

export async function portalScenarios(kit: E2eKit) {
  const { baseUrl } = kit;
  const assert: E2eKit['assert'] = kit.assert;
  const stamp = Date.now().toString(36);
  const staff = await kit.signedInPage(OPERATOR);
  let robertoCode = '';

  await kit.scenario('portal: a customer without a contract must accept the paid intervention to send', async () => {
    const page = await kit.newPage();
    // Signed out, the portal sends to the sign-in page, which comes back to the page asked for.
    await page.goto(`${baseUrl}/portal/new`, { timeout: 15_000 });
    await page.waitForURL((url) => url.pathname === '/login');
    await kit.signInWithForm(page, ROBERTO.email);
    assert(pathOf(page) === '/portal/new', `signed in, the customer is on ${page.url()}`);

    await page.getByTestId('paid-intervention').waitFor();
    const subject = `Gestionale non si apre (E2E ${stamp})`;
    await page.locator('#request-queue').selectOption({ label: 'SOFTWARE' });
    await page.getByLabel('Oggetto').fill(subject);
    await page.getByLabel('Luogo e cosa').fill('Officina, PC dell’accettazione – gestionale');
    await page
      .getByLabel('Descrizione')
      .fill('Aprendo il gestionale compare «Errore 0x80004005»: Windows 11, nessun browser coinvolto.');
    await page.locator('#request-files').setInputFiles({ name: 'errore.png', mimeType: 'image/png', buffer: PNG });
    await expectNoSeriousViolations(kit, page, 'the new request form');

    // Not accepted: the form refuses to send, says why and moves the focus to the acceptance.
    const submit = page.getByTestId('submit-request');
    assert((await submit.getAttribute('aria-disabled')) === 'true', 'the send button is not marked disabled');
    // aria-disabled keeps the button focusable and clickable (Playwright would wait for it to be enabled).
    await submit.click({ force: true });
    await page.getByText('Per inviare la richiesta devi accettare l’intervento a pagamento.').waitFor();
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === 'accept-paid-intervention', `the focus is on #${focused}`);
    await page.waitForTimeout(500);
    assert(pathOf(page) === '/portal/new', 'the page changed without acceptance');
    const none = await kit.gql(
      page,
      'query($s: String) { tickets(filter: { search: $s }) { edges { node { id } } } }',
      {
        s: subject,
      },
    );
    assert(none.tickets.edges.length === 0, 'a ticket was created without the acceptance');

    // Accepted: the request goes, and its page shows who accepted.
    await page.getByRole('checkbox', { name: /accetto che l’intervento sia a pagamento/ }).check();
    assert((await submit.getAttribute('aria-disabled')) === null, 'still disabled after accepting');
    await page.screenshot({ path: join(kit.screenshotsDir, 'portal-new-request.png'), fullPage: true });
    await Promise.all([page.waitForURL((url) => /^\/portal\/tickets\/HT\d{5}$/.test(url.pathname)), submit.click()]);
    robertoCode = pathOf(page).split('/').pop()!;
    const agreement = await page.getByTestId('paid-agreement').innerText();
    assert(agreement.includes(ROBERTO.name), `the ticket page says: ${agreement}`);
    await page.locator('img[alt="errore.png"]').waitFor();

    // Staff see the acceptance and who gave it, and the photo.
    const { ticket } = await kit.gql(
      staff,
      `query($c: String!) { ticket(code: $c) { subject channel paidIntervention paidAgreedBy paidAgreedAt
         attachments { fileName contentType } events { type actor { name } } } }`,
      { c: robertoCode },
    );
    assert(ticket.subject === subject, `staff see ${ticket.subject}`);
    assert(ticket.channel === 'PORTAL', `channel ${ticket.channel}`);
    assert(ticket.paidIntervention && ticket.paidAgreedBy === ROBERTO.name, `agreed by ${ticket.paidAgreedBy}`);
    assert(ticket.paidAgreedAt, 'no acceptance time');
    assert(
      ticket.attachments.length === 1 && ticket.attachments[0].fileName === 'errore.png',
      `attachments ${JSON.stringify(ticket.attachments)}`,
    );
    assert(ticket.events[0].actor?.name === ROBERTO.name, 'the creation is not credited to the customer');
    await expectNoSeriousViolations(kit, page, 'the portal ticket page');
    await page.screenshot({ path: join(kit.screenshotsDir, 'portal-ticket.png'), fullPage: true });
  });

  await kit.scenario('portal: a customer sees neither other customers’ tickets nor internal notes', async () => {
    const page = await kit.newPage();
    await page.goto(`${baseUrl}/login`, { timeout: 15_000 });
    await kit.signInWithForm(page, ELENA.email);
    assert(pathOf(page) === '/portal', `signed in, the customer is on ${page.url()}`);
    await page.getByTestId('portal-tickets').waitFor();
    const codes = await page
      .locator('[data-testid="portal-tickets"] tr[data-code]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code')!));
    assert(codes.length > 0, 'the demo customer has no tickets');
    assert(!robertoCode || !codes.includes(robertoCode), 'another organisation’s ticket is listed');
    await expectNoSeriousViolations(kit, page, 'the portal list');

    // Another organisation's ticket, by its address: not found.
    if (robertoCode) {
      await page.goto(`${baseUrl}/portal/tickets/${robertoCode}`, { timeout: 15_000 });
      const error = await page.getByTestId('portal-ticket-error').innerText();
      assert(error.includes('Richiesta non trovata'), `another customer's ticket shows: ${error}`);
      assert((await page.getByTestId('portal-ticket').count()) === 0, 'the ticket was shown');
    }
    // The staff's pages send customers to the portal.
    await page.goto(`${baseUrl}/tickets/${codes[0]}`, { timeout: 15_000 });
    await page.waitForURL((url) => url.pathname === '/portal');

    // On their own ticket, the team's public answers show live; the internal notes never do.
    const code = codes[0]!;
    await page.goto(`${baseUrl}/portal/tickets/${code}`, { timeout: 15_000 });
    await page.getByTestId('portal-ticket').waitFor();
    const { ticket } = await kit.gql(staff, 'query($c: String!) { ticket(code: $c) { id } }', { c: code });
    const internal = `Nota interna riservata ${stamp}`;
    const reply = `Risposta pubblica al cliente ${stamp}`;
    for (const [visibility, body] of [
      ['INTERNAL', internal],
      ['PUBLIC', reply],
    ]) {
      await kit.gql(staff, 'mutation($input: AddNoteInput!) { addNote(input: $input) { id } }', {
        input: { ticketId: ticket.id, visibility, body },
      });
    }
    await page.getByText(reply).waitFor();
    assert(!(await page.locator('body').innerText()).includes(internal), 'the internal note is on the page');
    await page.reload();
    await page.getByText(reply).waitFor();
    assert(!(await page.locator('body').innerText()).includes(internal), 'the internal note is on the reloaded page');
    const seen = await kit.gql(page, 'query($c: String!) { ticket(code: $c) { notes { body } } }', { c: code });
    assert(!JSON.stringify(seen).includes(internal), 'the API gave the customer the internal note');

    // The customer replies; the team sees it as a public note by them.
    const answer = `Grazie, confermo la disponibilità (${stamp})`;
    await page.getByLabel('Il tuo messaggio').fill(answer);
    await page.getByRole('button', { name: 'Invia risposta' }).click();
    await page.getByText('Risposta inviata.').waitFor();
    await page.locator('.timeline').getByText(answer).waitFor();
    const notes = await kit.gql(
      staff,
      'query($c: String!) { ticket(code: $c) { notes { body visibility author { name } } } }',
      { c: code },
    );
    const last = notes.ticket.notes.at(-1);
    assert(
      last.body === answer && last.visibility === 'PUBLIC' && last.author.name === ELENA.name,
      `staff see ${JSON.stringify(last)}`,
    );
  });

  await kit.scenario('survey: a link is answered once; a second answer and an expired link are refused', async () => {
    const admin = await kit.signedInPage(ADMIN);
    const SET_DAYS = 'mutation($d: Int!) { setSurveyValidDays(days: $d) { validDays } }';
    try {
      // A ticket closed just now: its link is valid. One closed more than a day ago: with links valid one day,
      // its link (signed with the instance key, from its closure) has expired.
      await kit.gql(admin, SET_DAYS, { d: 1 });
      const { queues } = await kit.gql(staff, '{ queues { id name } }');
      const { me } = await kit.gql(await kit.signedInPage(ELENA.email), '{ me { contact { id customer { id } } } }');
      const { createTicket: fresh } = await kit.gql(
        staff,
        'mutation($input: CreateTicketInput!) { createTicket(input: $input) { code surveyLink } }',
        {
          input: {
            queueId: queues[0].id,
            customerId: me.contact.customer.id,
            contactId: me.contact.id,
            subject: `Casella PEC piena (E2E ${stamp})`,
            placeAndWhat: 'Studio di Lecco, casella PEC della segreteria',
            description: 'La casella PEC rifiuta i messaggi in arrivo perché ha superato lo spazio disponibile.',
            solution: 'Archiviati i messaggi più vecchi di un anno: la casella riceve di nuovo.',
          },
        },
      );
      assert(fresh.surveyLink, 'a closed ticket has no survey link');
      const { tickets } = await kit.gql(
        staff,
        `{ tickets(first: 1, filter: { status: [DONE] }, orderBy: { field: CREATED_AT, direction: ASC }) {
            edges { node { code closedAt surveyLink } } } }`,
      );
      const old = tickets.edges[0].node;
      assert(Date.now() - new Date(old.closedAt).getTime() > 86_400_000, `the oldest closure is ${old.closedAt}`);
      const link = (value: string) => `${baseUrl}${new URL(value).pathname}`;

      // Two tabs open the link; the customer answers in the first…
      const first = await kit.newPage();
      const second = await kit.newPage();
      for (const page of [first, second]) {
        await page.goto(link(fresh.surveyLink), { timeout: 15_000 });
        await page.waitForSelector('[data-testid="survey"][data-status="open"]');
      }
      const intro = await first.getByTestId('survey').innerText();
      assert(intro.includes(fresh.code), `the survey does not name ${fresh.code}: ${intro}`);
      await expectNoSeriousViolations(kit, first, 'the survey');
      await first.getByRole('radio', { name: '5 stelle su 5' }).check();
      await first.getByLabel('Commento (facoltativo)').fill('Risolto in giornata, grazie.');
      await first.screenshot({ path: join(kit.screenshotsDir, 'survey.png'), fullPage: true });
      await first.getByRole('button', { name: 'Invia valutazione' }).click();
      await first.waitForSelector('[data-testid="survey"][data-status="thanks"]');

      // …then in the second, still showing the form: refused, and the page says it was already rated.
      await second.getByRole('radio', { name: '1 stella su 5' }).check();
      await second.getByRole('button', { name: 'Invia valutazione' }).click();
      await second.waitForSelector('[data-testid="survey"][data-status="answered"]');
      await second.getByText('Questa richiesta è già stata valutata').waitFor();
      const token = decodeURIComponent(new URL(fresh.surveyLink).pathname.split('/').pop()!);
      const again = await rawGql(second, 'mutation($t: String!) { answerSurvey(token: $t, score: 2) { answered } }', {
        t: token,
      });
      assert(again.errors?.[0]?.extensions?.code === 'SURVEY_ALREADY_ANSWERED', `again: ${JSON.stringify(again)}`);
      const rated = await kit.gql(
        staff,
        'query($c: String!) { ticket(code: $c) { rating { score comment source } } }',
        {
          c: fresh.code,
        },
      );
      assert(
        rated.ticket.rating?.score === 5 && rated.ticket.rating.source === 'SURVEY',
        `the rating is ${JSON.stringify(rated.ticket.rating)}`,
      );
      // Staff see it on the ticket page, with where it came from.
      await staff.goto(`${baseUrl}/tickets/${fresh.code}`, { timeout: 15_000 });
      const shown = staff.getByTestId('customer-rating');
      await shown.getByText('Dal questionario').waitFor({ timeout: 10_000 });
      await shown.getByText('Risolto in giornata, grazie.').waitFor();

      // The expired link, and a tampered one.
      const expired = await kit.newPage();
      await expired.goto(link(old.surveyLink), { timeout: 15_000 });
      await expired.waitForSelector('[data-testid="survey"][data-status="expired"]');
      await expired.getByText('Questo link è scaduto').waitFor();
      const tampered = link(old.surveyLink).replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
      await expired.goto(tampered, { timeout: 15_000 });
      await expired.waitForSelector('[data-testid="survey"][data-status="invalid"]');
      await expectNoSeriousViolations(kit, expired, 'the invalid survey link');
    } finally {
      await kit.gql(admin, SET_DAYS, { d: 14 });
    }
  });
}
