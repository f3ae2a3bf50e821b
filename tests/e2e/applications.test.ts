import { randomInt } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../functions/applications/contracts.js';
import { InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';
import { demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, eventually, mailbox, runtimeEnv } from '../support/aws.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';

// Credit transfer applications (guide §5.1, §5.3) in a real browser against the local runtime:
// Apply for CT on an approved mapping valid in the record's transfer term opens the new Draft, a
// final grade is saved with Save as Draft, the Study Record lists it under My Credit Transfer
// Applications, and Delete removes it; a second Apply for CT opens the application that exists;
// Submit goes to Pending Program Office Endorsement, and to Submitted once the office endorses.

// Lam Tsz Ching: one exchange in the seed; each test adds a study record of its own beside it.
const student = demoStudent('20796603');

/** The record's institution, with the US letter grades ARO has set for it. */
async function givenGrading(record: { institutionId: string; institutionName: string }) {
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: InstitutionEntity.toItem({
        institutionId: record.institutionId,
        name: record.institutionName,
        country: 'United States',
      }),
    }),
  );
  const published = await api('PUT', `/admin/institutions/${record.institutionId}/grading`, {
    token: await signIn('aro-001'),
    body: {
      creditSystem: { name: 'US semester credits', unit: 'CREDIT', creditsPerSemester: 15 },
      gradeScale: {
        id: 'us-letter',
        grades: ['A', 'A-', 'B+', 'B', 'C', 'D', 'F'].map((grade, i) => ({
          grade,
          ucts: (['A', 'A', 'B', 'B', 'C', 'E', 'F'] as const)[i],
        })),
      },
      version: 0,
    },
  });
  expect(published.status).toBe(200);
}

/** A study record of its own and an approved mapping there, Ready for Credit Transfer in its term. */
async function givenReadyMapping() {
  const record = await givenStudyRecord(student.studentId, '2024-25 Fall');
  await givenGrading(record);
  const mapping = await givenMapping({
    studentId: student.studentId,
    recordId: record.recordId,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    status: 'Approved',
    patch: { validFrom: '2023-24 Fall', validTo: '2026-27 Spring' },
  });
  const [incoming] = mapping.incomingCourses;
  if (!incoming) throw new Error('The fixture mapping has no incoming course');
  return { record, mapping, incoming };
}

describe('Credit transfer applications in the browser', () => {
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
    // Then the app raised no uncaught error and logged no unexpected error along the way
    expect(pageErrors).toEqual([]);
  });

  /** `expectedConsole`: the browser's own line for a response the test provokes on purpose. */
  async function signInAs(expectedConsole?: RegExp): Promise<void> {
    ({
      context,
      page,
      errors: pageErrors,
    } = await signInBrowser(browser, student.studentId, expectedConsole ? { expectedConsole } : {}));
  }

  async function openStudyRecord(institutionName: string): Promise<void> {
    await page.getByTestId('institution-list').getByRole('link', { name: institutionName }).click();
    await page.getByRole('heading', { name: institutionName }).waitFor();
  }

  const myApplications = () => page.getByTestId('my-applications');
  const noApplicationsYet = 'You have no credit transfer applications for this study record yet.';
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  async function applicationsOf(token: string, recordId: string): Promise<ApplicationView[]> {
    const { body } = await api<{ applications: ApplicationView[] }>(
      'GET',
      `/students/me/records/${recordId}/applications`,
      { token },
    );
    return body.applications;
  }

  it('applies for CT on an approved mapping, saves a final grade as a draft, lists it, and deletes it', async () => {
    // Given a student with an approved mapping valid in the transfer term of their study record
    const { record, mapping, incoming } = await givenReadyMapping();
    const token = await signIn(student.studentId);
    await signInAs();
    await openStudyRecord(record.institutionName);
    await myApplications().getByText(noApplicationsYet).waitFor();

    // When they press + Apply for Credit Transfer
    await myApplications().getByRole('link', { name: '+ Apply for Credit Transfer' }).click();

    // Then Search Existing Mappings opens with only Ready for Credit transfer ticked
    await page.getByRole('heading', { name: 'Search Existing Mappings', level: 1 }).waitFor();
    await page.getByText(`Transfer Term: ${record.transferTerm}`).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Ready for Credit transfer' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Valid Mapping' }).isChecked()).toBe(false);
    const results = page.getByRole('table', { name: 'Search Existing Mappings' });
    const row = results.locator(`tr[data-ref="${mapping.ref}"]`);
    await row.getByText('Approved').waitFor();

    // When they press Apply for CT on the mapping's row
    await row.getByRole('button', { name: `Apply for CT with ${mapping.ref}` }).click();

    // Then the new application opens as a Draft, with the mapping's courses
    await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();
    await expect.poll(() => page.url()).toMatch(/#\/records\/[^/]+\/applications\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: `D.B. Ref. No. ${mapping.ref}` }).waitFor();
    const [created] = await applicationsOf(token, record.recordId);
    expect(created).toMatchObject({ ref: mapping.ref, status: 'Draft', version: 1 });
    expect(page.url()).toContain(created?.applicationId ?? '-');
    const mappingTable = page.getByRole('table', { name: 'Approved Mapping' });
    await mappingTable.getByText('MECH2310 Thermodynamics (3 CR)').waitFor();
    await page.locator('.facts').getByText('Draft', { exact: true }).waitFor();
    await page
      .getByText(
        "Press 'Save as Draft' to save the application if the 'Incoming Course Grade' is not yet available.",
      )
      .waitFor();

    // And Submit is there, saying what it needs
    const submit = page.getByRole('button', { name: 'Submit', exact: true });
    expect(await submit.getAttribute('aria-disabled')).toBeNull();
    await page.getByText('Submit needs a final grade for every incoming course.').waitFor();

    // When they input the final grade of the incoming course and press Save as Draft
    const course = page.getByRole('group', { name: `${incoming.code} ${incoming.title} (3 CREDIT)` });
    await course.getByLabel('Input Final Grade').fill('A-');
    await page.getByRole('button', { name: 'Save as Draft' }).click();

    // And the projected HKUST credits follow the grade: 3 CREDIT of 15 a semester → 6 UCTS → 1.8
    await page.getByTestId('conversion-credits').getByText('1.8 HKUST credits').waitFor();

    // Then it is saved, with its new Last Modified
    await page
      .getByRole('status')
      .getByText(/^Saved\./)
      .waitFor();
    const [saved] = await applicationsOf(token, record.recordId);
    expect(saved?.incomingCourses[0]).toMatchObject({ code: incoming.code, finalGrade: 'A-' });
    expect(saved?.version).toBe(2);
    expect(await page.getByTestId('application-last-modified').textContent()).toBe(saved?.lastModified);
    await page.getByRole('status').getByText(`Last Modified ${saved?.lastModified}`).waitFor();

    // When they go Back to the Study Record
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await page.getByRole('heading', { name: record.institutionName }).waitFor();

    // Then My Credit Transfer Applications lists it: the mapping, Draft, and the grade entered
    const listed = myApplications().locator(`tr[data-ref="${mapping.ref}"]`);
    await listed.waitFor();
    const text = await listed.textContent();
    expect(text).toContain(saved?.lastModified);
    expect(text).toContain(`${incoming.code} ${incoming.title} (3 CREDIT)`);
    expect(text).toContain('MECH2310 Thermodynamics (3 CR)');
    expect(await listed.getByText('Draft', { exact: true }).count()).toBe(1);
    expect(await listed.getByText('A-', { exact: true }).count()).toBe(1);

    // And the filter finds it by status, and says so when nothing matches
    const filter = myApplications().getByLabel('Filter by course or status');
    await filter.fill('draft');
    await listed.waitFor();
    await filter.fill('no such course');
    await myApplications().getByText('No credit transfer application matches “no such course”.').waitFor();
    expect(await listed.count()).toBe(0);
    await filter.fill('');
    await listed.waitFor();

    // And at phone width the Study Record and the application fit the screen
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await listed.getByRole('link', { name: `Continue application ${mapping.ref}` }).click();
    await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();
    expect(await course.getByLabel('Input Final Grade').inputValue()).toBe('A-');
    expect(await pageWidth()).toBeLessThanOrEqual(390);

    // When they press Delete, then confirm
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const keep = page.getByRole('button', { name: 'No, keep it' });
    await keep.waitFor();
    // Focus moves to the safe choice once the dialog has rendered (an effect after the paint).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('No, keep it');
    await page.getByRole('button', { name: 'Yes, delete it' }).click();

    // Then the Study Record says it is deleted, and lists no application any more
    await page.getByRole('heading', { name: record.institutionName }).waitFor();
    await myApplications().getByText(`Your draft application for ${mapping.ref} has been deleted.`).waitFor();
    await myApplications().getByText(noApplicationsYet).waitFor();
    expect(await applicationsOf(token, record.recordId)).toEqual([]);
    expect(await pageWidth()).toBeLessThanOrEqual(390);
  });

  it('opens the application that exists when Apply for CT is pressed again for the same mapping', async () => {
    // Given a student who has applied for CT with an approved mapping already
    const { record, mapping } = await givenReadyMapping();
    const token = await signIn(student.studentId);
    const first = await api<ApplicationView>('POST', `/students/me/records/${record.recordId}/applications`, {
      token,
      body: { ref: mapping.ref },
    });
    expect(first.status).toBe(201);

    // When they press Apply for CT on it again (the 409 that answers it is the browser's to log)
    await signInAs(/status of 409/);
    await openStudyRecord(record.institutionName);
    await myApplications().locator(`tr[data-ref="${mapping.ref}"]`).waitFor();
    await myApplications().getByRole('link', { name: '+ Apply for Credit Transfer' }).click();
    const row = page
      .getByRole('table', { name: 'Search Existing Mappings' })
      .locator(`tr[data-ref="${mapping.ref}"]`);
    await row.getByRole('button', { name: `Apply for CT with ${mapping.ref}` }).click();

    // Then the application they have opens, saying so, and no second one is made
    await page.getByText('You have already applied for credit transfer with this mapping').waitFor();
    await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();
    expect(page.url()).toContain(first.body.applicationId);
    expect((await applicationsOf(token, record.recordId)).map((a) => a.applicationId)).toEqual([
      first.body.applicationId,
    ]);
  });

  it('submits from Search Existing Mappings, shows Pending Program Office Endorsement, then Submitted once the office endorses', async () => {
    // Given an approved mapping to a course whose applications a program office must endorse
    const record = await givenStudyRecord(student.studentId, '2026-27 Spring');
    await givenGrading(record);
    const code = `ENDO${randomInt(1000, 9999)}`;
    const mapping = await givenMapping({
      studentId: student.studentId,
      recordId: record.recordId,
      institutionId: record.institutionId,
      institutionName: record.institutionName,
      status: 'Approved',
      homeCourse: { code, title: 'Endorsed Engineering', credits: 3, subjectArea: 'ENDO' },
      patch: { validFrom: '2023-24 Fall', validTo: '2028-29 Spring' },
    });
    const office = `po-${randomInt(100_000, 999_999)}@ust.hk`;
    const aroToken = await signIn('aro-001');
    for (let attempt = 0; ; attempt++) {
      const table = await api<{ version: number; rows: unknown[] }>('GET', '/admin/endorsement-rules', {
        token: aroToken,
      });
      const put = await api('PUT', '/admin/endorsement-rules', {
        token: aroToken,
        body: {
          version: table.body.version,
          rows: [
            ...table.body.rows,
            {
              ruleId: `e2e-${code}`,
              conditions: { courseCodes: [code] },
              endorsers: [{ officeId: `PO-${code}`, name: 'School of Engineering Office', emails: [office] }],
            },
          ],
        },
      });
      if (put.status === 200) break;
      if (attempt > 10) throw new Error(`could not publish the rule: ${put.status}`);
    }
    // The Submit without a grade is answered 400 on purpose.
    await signInAs(/status of 400/);
    await openStudyRecord(record.institutionName);

    // When they press Apply for CT on the mapping in Search Existing Mappings
    await myApplications().getByRole('link', { name: '+ Apply for Credit Transfer' }).click();
    const row = page
      .getByRole('table', { name: 'Search Existing Mappings' })
      .locator(`tr[data-ref="${mapping.ref}"]`);
    await row.getByRole('button', { name: `Apply for CT with ${mapping.ref}` }).click();
    await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();

    // And save a draft without a grade, then enter the grade and Submit
    await page.getByRole('button', { name: 'Save as Draft' }).click();
    await page
      .getByRole('status')
      .getByText(/^Saved\./)
      .waitFor();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByText('enter the final grade of', { exact: false }).waitFor();
    await page.getByLabel('Input Final Grade').fill('B+');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    // Then the application is Pending Program Office Endorsement, awaiting the office
    await page
      .getByRole('status')
      .getByText(/^Submitted\./)
      .waitFor();
    await page.locator('.facts').getByText('Pending Program Office Endorsement', { exact: true }).waitFor();
    const progress = page.getByRole('region', { name: 'Application Progress' });
    await progress.getByText('School of Engineering Office').waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(page.viewportSize()?.width ?? 1280);

    // When the office endorses from the link in its mail
    const link = await eventually(
      async () => {
        const mail = (await mailbox()).find(
          (m) => m.destination.to.includes(office) && m.subject.includes(mapping.ref),
        );
        return /https?:\/\/[^\s"<>]+\/endorse\/[A-Za-z0-9_-]{43}/.exec(mail?.body.text ?? '')?.[0];
      },
      'the endorsement mail',
      20_000,
    );
    const endorse = await fetch(link, { method: 'POST', body: new URLSearchParams({ decision: 'endorse' }) });
    expect(endorse.status).toBe(200);

    // Then, on reload, it is Submitted and the office's endorsement is shown
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Course Evidence and Final Grades' }).waitFor();
          return page.locator('.facts').getByText('Submitted', { exact: true }).count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    await progress.getByText('Endorsed').waitFor();
    await page.getByRole('button', { name: 'Withdraw' }).waitFor();
  });
});
