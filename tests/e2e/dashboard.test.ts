import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dashboard } from '../../functions/records/domain/dashboard.js';
import { demoStudents } from '../../local/seed/people.js';
import { launchBrowser } from '../support/browser.js';

// The student's way in (guide §1.2: welcome page, "Start") and My Dashboard (guide §2), in a real
// browser against the local runtime: the SPA, the local sign-in (authorization code + PKCE) and the API.

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');

interface WebConfig {
  auth: { authorizeUrl: string; clientId: string; redirectUri: string };
}

const byInstitutionName = (a: string, b: string): number => a.localeCompare(b, 'en', { sensitivity: 'base' });

describe('My Dashboard in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let config: WebConfig;
  const student = demoStudents[0];

  beforeAll(async () => {
    browser = await launchBrowser();
    config = (await (await fetch(`${webUrl}/config.json`)).json()) as WebConfig;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(): Promise<Page> {
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  afterEach(async () => {
    await context?.close();
    // Then the app raised no uncaught error along the way
    expect(pageErrors).toEqual([]);
  });

  const onSignInPage = () => page.waitForURL((url) => url.href.startsWith(config.auth.authorizeUrl));

  async function signInFromWelcome(): Promise<void> {
    if (!student) throw new Error('The seed has no demo student');
    await page.goto(`${webUrl}/`);
    await page.getByRole('button', { name: 'Start' }).click();
    await onSignInPage();
    await page.getByRole('button', { name: new RegExp(student.studentId) }).click();
    await page.getByRole('heading', { name: 'My Dashboard' }).waitFor();
  }

  /** What the API itself says this student's dashboard is, with the token the SPA holds. */
  async function dashboardFromApi(): Promise<Dashboard> {
    const idToken = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('cts.session') ?? '{}') as { idToken?: string }).idToken,
    );
    const response = await fetch(`${apiUrl}/students/me/dashboard`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Dashboard;
  }

  const studentInformation = (label: string) =>
    page
      .getByRole('table', { name: 'Student Information' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
      .getByRole('cell');

  it('signs a student in from the welcome page and shows their dashboard', async () => {
    // Given a student on the welcome page
    await openPage();
    await page.goto(`${webUrl}/`);
    await page.getByRole('heading', { name: 'Welcome to the Credit Transfer System' }).waitFor();

    // When they click Start and choose themselves on the sign-in page
    await signInFromWelcome();
    const expected = await dashboardFromApi();

    // Then My Dashboard greets them and shows their Student Information
    await page.getByTestId('signed-in-user').getByText(expected.studentInformation.name).waitFor();
    expect(await studentInformation('Student ID').textContent()).toBe(student?.studentId);
    expect(await studentInformation('Program').textContent()).toBe(expected.studentInformation.program);
    expect(await studentInformation('Email Address').textContent()).toBe(expected.studentInformation.email);

    // And lists their institutions in ascending order by institution name
    const institutions = await page.getByTestId('institution-list').getByRole('listitem').allTextContents();
    expect(institutions.length).toBeGreaterThan(1);
    expect(institutions).toEqual([...institutions].sort(byInstitutionName));
    expect(institutions).toEqual(expected.institutions.map((i) => i.institutionName));

    // And the To Do List holds a mapping that needs further info, with the action to provide it
    const toDo = page.getByTestId('todo-list');
    await toDo
      .getByText('The following items require your attention. Please click on each item to proceed.')
      .waitFor();
    expect(await toDo.getByText('Need Further Info').count()).toBeGreaterThan(0);
    expect(await toDo.getByText('Provide Info').count()).toBeGreaterThan(0);
    const firstItem = expected.toDoList[0]?.items[0];
    expect(firstItem?.status).toBe('Need Further Info');
    await toDo.getByText(firstItem?.ref ?? '-').waitFor();
    // Provide Info opens the mapping itself, where the reviewer's note and the form are
    const provide = toDo
      .getByRole('row')
      .filter({ hasText: firstItem?.ref ?? '-' })
      .getByRole('link', { name: 'Provide Info' });
    expect(await provide.getAttribute('href')).toBe(
      `#/records/${expected.toDoList[0]?.recordId}/mappings/${firstItem?.ref}`,
    );

    // And the Credit Transfer Summary shows a card per study record, with the pending items badge
    const summary = page.getByTestId('summary-list');
    expect(
      await summary
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading') })
        .count(),
    ).toBe(expected.creditTransferSummary.length);
    const pending = expected.creditTransferSummary.filter((s) => s.pendingItems > 0);
    expect(pending.length).toBeGreaterThan(0);
    for (const s of pending) {
      const card = summary
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: s.institutionName }) });
      const label = `${s.pendingItems} pending item${s.pendingItems === 1 ? '' : 's'}`;
      await card.getByRole('img', { name: label }).waitFor();
    }
  });

  it('narrows the Credit Transfer Summary with the institution filter', async () => {
    // Given a signed-in student on My Dashboard
    await openPage();
    await signInFromWelcome();
    const expected = await dashboardFromApi();
    const summaryCards = page.getByTestId('summary-list').locator(':scope > li');
    const names = expected.creditTransferSummary.map((s) => s.institutionName);
    const matchingNames = (fragment: string) =>
      names.filter((name) => name.toLowerCase().includes(fragment.toLowerCase()));
    // A word of one institution's name that not every institution has, e.g. "Boston".
    const fragment = names
      .flatMap((name) => name.split(/\s+/))
      .find((word) => word.length >= 4 && matchingNames(word).length < names.length);
    if (!fragment) throw new Error(`No distinctive word in ${names.join(', ')}`);
    const filter = page.getByLabel('Filter institutions');

    // When they type a word of an institution's name, in other case
    await filter.fill(fragment.toUpperCase());

    // Then only the institutions whose name contains it remain
    const matching = matchingNames(fragment);
    await expect.poll(() => summaryCards.count()).toBe(matching.length);
    expect(await summaryCards.getByRole('heading').allTextContents()).toEqual(matching);

    // When nothing matches, they are told so
    await filter.fill('no such institution zzz');
    await page.getByText('No institution matches').waitFor();

    // And clearing the filter brings every institution back
    await filter.fill('');
    await expect.poll(() => summaryCards.count()).toBe(expected.creditTransferSummary.length);
  });

  it('sends a visitor who is not signed in from #/dashboard to sign in', async () => {
    // Given a browser that has never signed in
    await openPage();

    // When it opens the dashboard's address directly
    await page.goto(`${webUrl}/#/dashboard`);

    // Then it lands on the sign-in page, asked for with PKCE, rather than on a broken dashboard
    await onSignInPage();
    const asked = new URL(page.url()).searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe(config.auth.clientId);
    expect(asked.get('redirect_uri')).toBe(config.auth.redirectUri);
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toBeTruthy();

    // And signing in there brings it back to the dashboard it asked for
    await page.getByRole('button', { name: new RegExp(student?.studentId ?? '-') }).click();
    await page.getByRole('heading', { name: 'My Dashboard' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/dashboard');
    expect(new URL(page.url()).search).toBe('');
  });

  it('signs in again when the API rejects the token it holds', async () => {
    // Given a browser holding a token the API does not accept (expired or revoked)
    await openPage();
    await page.goto(`${webUrl}/`);
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await page.evaluate(() =>
      sessionStorage.setItem(
        'cts.session',
        JSON.stringify({
          idToken: 'eyJhbGciOiJub25lIn0.eyJuYW1lIjoiTWFsbG9yeSJ9.',
          expiresAt: Date.now() + 3_600_000,
          user: { name: 'Mallory', email: 'mallory@example.com', groups: ['student'] },
        }),
      ),
    );

    // When it opens My Dashboard
    await page.goto(`${webUrl}/#/dashboard`);

    // Then the token is dropped and the student is sent to sign in again
    await onSignInPage();
    expect(await page.evaluate(() => sessionStorage.getItem('cts.session'))).toBeNull();
  });

  it('signs out back to the welcome page', async () => {
    // Given a signed-in student on My Dashboard
    await openPage();
    await signInFromWelcome();

    // When they click Sign out
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Then they are back on the welcome page, signed out
    await page.getByRole('heading', { name: 'Welcome to the Credit Transfer System' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('cts.session'))).toBeNull();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    // And the dashboard asks them to sign in again
    await page.goto(`${webUrl}/#/dashboard`);
    await onSignInPage();
  });
});
