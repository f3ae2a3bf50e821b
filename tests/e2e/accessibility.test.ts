import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { StudyRecordResponse } from '../../functions/mappings/contracts.js';
import type { Dashboard } from '../../functions/records/domain/dashboard.js';
import { demoStudents } from '../../local/seed/people.js';
import { axeViolations, formatViolations, layoutProblems } from '../support/accessibility.js';
import { api, signIn } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { pdfBytes } from '../support/uploads.js';

// Every student page, at desktop width and at phone width (390 × 844), in one browser: axe-core finds
// no WCAG 2.1 A/AA violation, the document does not scroll sideways, no action lies off-screen, and
// a table wider than the screen scrolls in a box that shows it does. The seeded demo student's Boston
// University record has every kind of row (Need Further Info with its note, Under Review, Notify Me,
// Approved and Ready for Credit Transfer). The tests share one page and run in order: the Study
// Record's Drafts and My Credit Transfer Applications show the draft request and the draft
// application the tests before it made, and both are removed at the end. Each test checks all its
// pages and reports every finding at once.

const webUrl = inject('webUrl');

interface WebConfig {
  auth: { authorizeUrl: string };
}

const student = demoStudents[0];
if (!student) throw new Error('The seed has no demo student');

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

describe('Every student page is accessible and fits a phone', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let config: WebConfig;
  let token: string;
  let bu: StudyRecordResponse['record'];
  let hkuSpace: StudyRecordResponse['record'];
  const pageErrors: string[] = [];
  /** What one test found wrong, across its pages and both widths, reported together. */
  let findings: string[] = [];
  const made: { draft?: string; application?: string } = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    config = (await (await fetch(`${webUrl}/config.json`)).json()) as WebConfig;
    token = await signIn(student.studentId);
    const { body: dashboard } = await api<Dashboard>('GET', '/students/me/dashboard', { token });
    const records = await Promise.all(
      dashboard.institutions.map(
        async ({ recordId }) =>
          (await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token })).body.record,
      ),
    );
    const at = (institutionId: string) => {
      const record = records.find((r) => r.institutionId === institutionId);
      if (!record) throw new Error(`${student.studentId} has no study record at ${institutionId}`);
      return record;
    };
    bu = at('boston-university');
    hkuSpace = at('hku-space-community-college');
    // axe-core is injected as a script, which the app's Content-Security-Policy would refuse.
    context = await browser.newContext({ bypassCSP: true, viewport: desktop });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()} ${message.location().url}`);
    });
  });

  beforeEach(() => {
    findings = [];
    pageErrors.length = 0;
  });

  afterAll(async () => {
    // What the test made goes, so the seed reads as before for the files after this one.
    if (made.application)
      await api('DELETE', `/students/me/applications/${made.application}`, { token }).catch(() => undefined);
    if (made.draft)
      await api('DELETE', `/students/me/records/${bu.recordId}/drafts/${made.draft}`, { token }).catch(
        () => undefined,
      );
    await context?.close();
    await browser?.close();
  });

  /** Lets layout (and the components that measure it) settle after a resize or a render. */
  const settle = () =>
    page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );

  /** The page as it is now, at both widths; what fails is noted under `where` and reported at the end. */
  async function check(where: string): Promise<void> {
    const current = page.viewportSize() ?? desktop;
    const widths = current.width === phone.width ? [phone, desktop] : [desktop, phone];
    for (const size of widths) {
      if (page.viewportSize()?.width !== size.width) {
        await page.setViewportSize(size);
        await settle();
      }
      const label = `${where} at ${size.width}px`;
      const violations = await axeViolations(page);
      if (violations.length > 0) findings.push(`axe-core on ${label}:\n${formatViolations(violations)}`);
      const problems = await layoutProblems(page);
      if (problems.length > 0) findings.push(`layout of ${label}:\n- ${problems.join('\n- ')}`);
    }
  }

  function expectNoFindings(): void {
    expect(findings, findings.join('\n\n')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }

  const go = async (hash: string, heading: string | RegExp) => {
    await page.goto(`${webUrl}/#${hash}`);
    await page.getByRole('heading', { name: heading }).first().waitFor();
  };

  it('the welcome page, the local sign-in page and My Dashboard', async () => {
    await page.goto(`${webUrl}/`);
    await page.getByRole('heading', { name: 'Welcome to the Credit Transfer System' }).waitFor();
    await check('the welcome page');

    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL((url) => url.href.startsWith(config.auth.authorizeUrl));
    await page.getByRole('button', { name: new RegExp(student.studentId) }).waitFor();
    await check('the local sign-in page');

    await page.getByRole('button', { name: new RegExp(student.studentId) }).click();
    await page.getByRole('heading', { name: 'My Dashboard' }).waitFor();
    await page.getByTestId('summary-list').waitFor();
    await check('My Dashboard');
    expectNoFindings();
  });

  it('the new course mapping request form: a validation error, each tab, the course picker, the draft', async () => {
    await go(`/records/${bu.recordId}/new`, '1. Incoming Course Details');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.locator('.field-error').first().waitFor();
    await check('Create New Course Mapping Request with validation errors');

    const card = page.getByRole('group', { name: 'Incoming Course 1' });
    await card.getByLabel('Course Code').fill('A11Y 101');
    await card.getByLabel('Course Title').fill('Accessible Design');
    await card.getByLabel('Course Credits').fill('4');
    await card.getByLabel('Credit Unit').selectOption('CREDIT');
    await card
      .getByLabel('Supporting Documents')
      .setInputFiles({ name: 'syllabus.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    await card.getByText('Verified', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Save as Draft' }).click();
    await page.getByText('Your draft has been saved.').waitFor();
    await expect.poll(() => page.url()).toMatch(/\/drafts\/[^/?]+$/);
    made.draft = decodeURIComponent(page.url().split('/drafts/')[1] ?? '');
    await check('Create New Course Mapping Request, tab 1 filled in and saved');

    // Tab 2 and the "Please select the course" pop-up, with courses found
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: '2. Proposed HKUST Equivalent' }).waitFor();
    await page.getByRole('button', { name: 'Search HKUST course for HKUST Equivalent 1' }).click();
    const picker = page.getByRole('dialog', { name: 'Please select the course' });
    await picker.getByLabel('Course Code').fill('MARK');
    await picker.getByRole('button', { name: 'Search' }).click();
    await picker.getByRole('radio').first().check();
    await check('the HKUST course picker');
    await picker.getByRole('button', { name: 'Select' }).click();
    await picker.waitFor({ state: 'detached' });
    await check('Create New Course Mapping Request, tab 2');

    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: '3. Review & Submit' }).waitFor();
    await check('Create New Course Mapping Request, tab 3');

    // The saved draft, continued from the Study Record's Drafts
    await go(`/records/${bu.recordId}`, bu.institutionName);
    await page.getByRole('link', { name: 'Continue draft A11Y 101 Accessible Design' }).click();
    await page.getByRole('heading', { name: '1. Incoming Course Details' }).waitFor();
    await page.getByText('Verified', { exact: true }).waitFor();
    expect(await page.getByLabel('Course Code').inputValue()).toBe('A11Y 101');
    await check('a saved draft of a course mapping request');
    expectNoFindings();
  });

  it('Search Existing Mappings, and the application page Apply for CT opens', async () => {
    await go(`/records/${bu.recordId}/search`, 'Search Existing Mappings');
    await page.getByRole('table', { name: 'Search Existing Mappings' }).waitFor();
    await check('Search Existing Mappings');

    await go(`/records/${bu.recordId}/search?filters=ready`, 'Search Existing Mappings');
    const apply = page.getByRole('button', { name: /^Apply for CT with / }).first();
    await apply.click();
    await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();
    made.application = page.url().split('/applications/')[1]?.split('?')[0];
    await check('a credit transfer application (Draft)');
    expectNoFindings();
  });

  it('the Study Record with every section open: requests, drafts, applications, official transcript', async () => {
    await go(`/records/${bu.recordId}`, bu.institutionName);
    await page.getByTestId('my-applications').locator('tbody tr').first().waitFor();
    await page.getByTestId('drafts').waitFor();
    for (const toggle of await page.locator('button.disclosure[aria-expanded="false"]').all())
      await toggle.click();
    expect(await page.locator('button.disclosure[aria-expanded="false"]').count()).toBe(0);
    await check('the Study Record');

    // The reviewer's note of a Need Further Info request, shown on focus
    await page.getByRole('button', { name: 'Information required' }).first().focus();
    await page.getByRole('tooltip').first().waitFor();
    await check('the Study Record with a reviewer note shown');

    // My Course Mapping Requests filtered, and a refused transcript in the Official Transcript panel
    await page.getByLabel('Filter by course ref no or mapping info').fill('QST');
    await page.getByTestId('my-mapping-requests').locator('tbody tr').first().waitFor();
    await page
      .getByTestId('official-transcript')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a transcript') });
    await page.getByTestId('official-transcript').getByRole('alert').waitFor();
    await check('the Study Record, filtered, with a refused transcript');
    expectNoFindings();
  });

  it('mapping pages: Need Further Info with Provide Info, and Denied with Appeal and precedents', async () => {
    const requests = await api<StudyRecordResponse>('GET', `/students/me/records/${bu.recordId}`, { token });
    const needInfo = requests.body.myMappingRequests.find((r) => r.status === 'Need Further Info');
    if (!needInfo) throw new Error('The Boston University record has no Need Further Info request');
    await go(`/records/${bu.recordId}/mappings/${needInfo.ref}`, 'Information Required');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await check(`mapping ${needInfo.ref} (Need Further Info)`);

    const onEntry = await api<StudyRecordResponse>('GET', `/students/me/records/${hkuSpace.recordId}`, {
      token,
    });
    const denied = onEntry.body.myMappingRequests.find((r) => r.status === 'Denied');
    if (!denied) throw new Error('The HKU SPACE record has no Denied request');
    await go(`/records/${hkuSpace.recordId}/mappings/${denied.ref}`, /Mapping Denied/);
    await page.getByRole('heading', { name: /Approved mappings to the same HKUST course/ }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    await check(`mapping ${denied.ref} (Denied)`);
    expectNoFindings();
  });
});
