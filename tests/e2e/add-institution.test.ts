import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoStudent } from '../../local/seed/people.js';
import { expectFitsWidth, expectNoAxeViolations } from '../support/accessibility.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';

// "+ Add Another Institution" (guide §3.1.2) in a real browser at phone width: from My Dashboard the
// new student searches the institution list, picks one, gives the qualification, the study period and
// the transfer term, submits, lands on the new Study Record and finds it on the dashboard.

const webUrl = inject('webUrl');
const phone = { width: 390, height: 844 };

// Tam Wai Lun: the seed's new student.
const student = demoStudent('21041179');

describe('+ Add Another Institution in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await context?.close();
    // Then the app raised no uncaught error and logged no error along the way
    expect(pageErrors).toEqual([]);
  });

  async function signIn(): Promise<void> {
    // axe-core is injected as a script, which the app's Content-Security-Policy would refuse.
    ({
      context,
      page,
      errors: pageErrors,
    } = await signInBrowser(browser, student.studentId, { context: { bypassCSP: true, viewport: phone } }));
  }

  it('adds a listed institution from My Dashboard and opens its Study Record', async () => {
    // Given the new student on My Dashboard
    await signIn();

    // When they press + Add Another Institution
    await page.getByRole('link', { name: '+ Add Another Institution' }).click();
    await page.getByRole('heading', { name: '+ Add Another Institution' }).waitFor();
    await expectNoAxeViolations(page, 'Add Another Institution at 390px');
    await expectFitsWidth(page, 'Add Another Institution at 390px');

    // And submit with nothing filled in, then each field says what it needs
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Enter the qualification, e.g. Associate Degree.').waitFor();
    await page.getByText('Enter the study period, e.g. 2021-2023.').waitFor();
    await page.getByText('Choose your institution from the list', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'Add Another Institution with errors at 390px');

    // When they search the list and pick their institution
    await page.getByLabel('Search by name').fill('tsing');
    await page.getByRole('radio', { name: /Tsinghua University/ }).check();
    await page.getByTestId('chosen-institution').getByText('Tsinghua University').waitFor();
    // And give the qualification, the study period and the transfer term
    await page.getByLabel('Qualification').fill('Associate Degree');
    await page.getByLabel('Study Period').fill('2021-2023');
    const select = page.getByLabel('Transfer Term');
    const term = (await select.locator('option').nth(2).textContent()) ?? '';
    await select.selectOption(term);
    await expectNoAxeViolations(page, 'Add Another Institution filled in at 390px');
    await expectFitsWidth(page, 'Add Another Institution filled in at 390px');
    await page.getByRole('button', { name: 'Submit' }).click();

    // Then the new Study Record opens, On Entry, in that transfer term
    await page.getByRole('heading', { name: 'Tsinghua University' }).waitFor();
    await expect.poll(() => page.url()).toMatch(/#\/records\/SR-[0-9a-f-]+$/);
    await page.getByText(term, { exact: true }).first().waitFor();
    await page.getByText('On Entry', { exact: true }).first().waitFor();
    await page.getByText('Associate Degree', { exact: true }).waitFor();

    // And My Dashboard lists it
    await page.goto(`${webUrl}/#/dashboard`);
    await page.getByRole('heading', { name: 'My Dashboard' }).waitFor();
    await page.getByTestId('institution-list').getByRole('link', { name: 'Tsinghua University' }).waitFor();
    await expectNoAxeViolations(page, 'My Dashboard with the added institution at 390px');
    await expectFitsWidth(page, 'My Dashboard with the added institution at 390px');
  });
});
