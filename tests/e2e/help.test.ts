import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectFitsWidth, expectNoAxeViolations } from '../support/accessibility.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';

// Help (guide §6, ARO Contact Information) in a real browser at phone width: before signing in, the
// Help page shows the guide's table (School, Phone, ARO Enquiry Form), the ITSO for technical issues
// and the "Information Required" texts; every page's footer carries the contact points and the way
// to Help, signed in or not.

const webUrl = inject('webUrl');
const phone = { width: 390, height: 844 };

const guidePhones = [
  ['AIS', '34693173'],
  ['SBM', '34693171'],
  ['SENG', '34693172'],
  ['SHSS', '34693173'],
  ['SSCI', '34693173'],
] as const;

async function expectFooterContacts(page: Page): Promise<void> {
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('list', { name: 'Phone by school' }).waitFor();
  for (const [school, number] of guidePhones) {
    await expect
      .poll(() => footer.getByRole('listitem').filter({ hasText: school }).textContent())
      .toContain(number);
  }
  expect(await footer.getByRole('link', { name: 'ARO Enquiry Form' }).getAttribute('href')).toBe(
    'https://registry.hkust.edu.hk/enquiry',
  );
  expect(await footer.getByRole('link', { name: 'cchelp@ust.hk' }).getAttribute('href')).toBe(
    'mailto:cchelp@ust.hk',
  );
  await footer.getByRole('link', { name: 'Help and contacts' }).waitFor();
}

describe('Help in the browser', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    // Then the app raised no uncaught error and logged no error along the way
    expect(errors).toEqual([]);
  });

  it('shows the §6 contacts and the Information Required texts before signing in, at 390 px', async () => {
    // Given a visitor who has not signed in, at phone width (axe-core is injected: CSP bypassed)
    context = await browser.newContext({ bypassCSP: true, viewport: phone });
    const page = await context.newPage();
    errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));

    // When they open Help
    await page.goto(`${webUrl}/#/help`);
    await page.getByRole('heading', { name: 'ARO Contact Information' }).waitFor();

    // Then the guide's sentence and table are there: a phone per school, one enquiry form for all
    await page
      .getByText(
        'If you have any questions on the use of CTS, please contact the Credit Transfer and Graduation Team of the Academic Registry.',
      )
      .first()
      .waitFor();
    const table = page.getByTestId('help-contacts');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'School',
      'Phone',
      'ARO Enquiry Form',
    ]);
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(guidePhones.length);
    for (const [i, [school, number]] of guidePhones.entries()) {
      const row = rows.nth(i);
      expect(await row.getByRole('rowheader').textContent()).toBe(school);
      expect(await row.getByRole('link', { name: number }).getAttribute('href')).toBe(`tel:+852${number}`);
    }
    expect(
      await table.getByRole('link', { name: 'https://registry.hkust.edu.hk/enquiry' }).getAttribute('href'),
    ).toBe('https://registry.hkust.edu.hk/enquiry');
    const main = page.getByRole('main');
    await main.getByText('For technical issues, please contact the ITSO (cchelp@ust.hk).').waitFor();

    // And the Information Required texts of the guide
    await main.getByRole('heading', { name: 'Information Required for Course Mapping Request' }).waitFor();
    await main
      .getByText('Please provide a detailed course syllabus (English version) which should include:')
      .waitFor();
    await main.getByRole('heading', { name: 'When a mapping needs further information' }).waitFor();
    await main
      .getByRole('heading', { name: 'When a credit transfer application needs further information' })
      .waitFor();

    // And the footer carries the contact points
    await expectFooterContacts(page);
    await expectNoAxeViolations(page, 'Help at 390px');
    await expectFitsWidth(page, 'Help at 390px');
  });

  it('puts the contact points and the way to Help in the footer of a signed-in page', async () => {
    // Given a student signed in on My Dashboard
    const signedIn = await signInBrowser(browser, '20853127', {
      context: { bypassCSP: true, viewport: phone },
    });
    ({ context, errors } = signedIn);
    const { page } = signedIn;

    // Then the dashboard's footer has the contacts
    await expectFooterContacts(page);
    await expectNoAxeViolations(page, 'My Dashboard with the contacts footer at 390px');
    await expectFitsWidth(page, 'My Dashboard with the contacts footer at 390px');

    // When they follow the footer's link, then Help opens, still signed in
    await page.getByRole('contentinfo').getByRole('link', { name: 'Help and contacts' }).click();
    await page.getByRole('heading', { name: 'ARO Contact Information' }).waitFor();
    await expect.poll(() => page.url()).toMatch(/#\/help$/);
    await page.getByTestId('signed-in-user').waitFor();
  });
});
