import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StudyRecordResponse } from '../../functions/mappings/contracts.js';
import type { Dashboard } from '../../functions/records/domain/dashboard.js';
import { type DemoStudent, demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';
import { givenMapping } from '../support/fixtures.js';
import { pdfBytes } from '../support/uploads.js';

// Course mappings (guide §4) in a real browser against the local runtime: a new N-to-N request with
// syllabi uploaded through the page (presigned POST to S3, then the upload hook's check), and Notify
// Me on another student's mapping Under Review at the same institution.

// Wong Hoi Yan and Lee Chi Hang both studied at HKCC, so one can follow the other's mapping there.
const requester = demoStudent('20912840');
const classmate = demoStudent('20835519');
const hkcc = 'polyu-hong-kong-community-college';

/** A student's study record at an institution, as the API gives it. */
async function recordAt(token: string, institutionId: string): Promise<StudyRecordResponse['record']> {
  const { body: dashboard } = await api<Dashboard>('GET', '/students/me/dashboard', { token });
  for (const { recordId } of dashboard.institutions) {
    const { body } = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    if (body.record.institutionId === institutionId) return body.record;
  }
  throw new Error(`No study record at ${institutionId}`);
}

describe('Course mappings in the browser', () => {
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
    // Then the app raised no uncaught error along the way
    expect(pageErrors).toEqual([]);
  });

  async function signInAs(student: DemoStudent): Promise<void> {
    ({
      context,
      page,
      errors: pageErrors,
    } = await signInBrowser(browser, student.studentId, { expectedConsole: 'any' }));
  }

  async function openStudyRecord(institutionName: string): Promise<void> {
    await page.getByTestId('institution-list').getByRole('link', { name: institutionName }).click();
    await page.getByRole('heading', { name: institutionName }).waitFor();
  }

  const myRequests = () => page.getByTestId('my-mapping-requests');
  const rowOf = (table: Locator, ref: string) => table.locator(`tr[data-ref="${ref}"]`);

  interface IncomingInput {
    code: string;
    title: string;
    credits: string;
    file: string;
  }

  /** Two controls that must not cover each other (a new user met Remove over Credit Unit and Change). */
  async function expectApart(a: Locator, b: Locator): Promise<void> {
    const [boxA, boxB] = await Promise.all([a.boundingBox(), b.boundingBox()]);
    if (!boxA || !boxB) throw new Error('both controls must be on the page');
    const overlap =
      boxA.x < boxB.x + boxB.width &&
      boxB.x < boxA.x + boxA.width &&
      boxA.y < boxB.y + boxB.height &&
      boxB.y < boxA.y + boxA.height;
    expect(overlap).toBe(false);
  }

  /** Tab 1: one incoming course, its syllabus uploaded through the page and verified. */
  async function fillIncoming(index: number, course: IncomingInput): Promise<void> {
    if (index > 0)
      await page.getByRole('button', { name: '+ Add Another Incoming Course Information' }).click();
    const card = page.getByRole('group', { name: `Incoming Course ${index + 1}` });
    await card.getByLabel('Course Code').fill(course.code);
    await card.getByLabel('Course Title').fill(course.title);
    await card.getByLabel('Course Credits').fill(course.credits);
    await card.getByLabel('Credit Unit').selectOption('CREDIT');
    if (index > 0) {
      await expectApart(card.getByRole('button', { name: /^Remove/ }), card.locator('.field--unit label'));
    }
    await card
      .getByLabel('Supporting Documents')
      .setInputFiles({ name: course.file, mimeType: 'application/pdf', buffer: pdfBytes });
    // The document counts only once the upload hook has verified it
    await card.getByText('Verified', { exact: true }).waitFor({ timeout: 30_000 });
  }

  /** Tab 2: one HKUST equivalent, chosen in the "Please select the course" pop-up. */
  async function pickEquivalent(
    index: number,
    search: { code: string; title: string },
    course: { code: string; title: string; credits: number },
  ): Promise<void> {
    if (index > 0) await page.getByRole('button', { name: '+ Add Another HKUST Equivalent' }).click();
    const card = page.getByRole('group', { name: `HKUST Equivalent ${index + 1}` });
    await card.getByRole('button', { name: `Search HKUST course for HKUST Equivalent ${index + 1}` }).click();
    const picker = page.getByRole('dialog', { name: 'Please select the course' });
    await picker.getByLabel('Course Code').fill(search.code);
    await picker.getByLabel('Course Title').fill(search.title);
    await picker.getByRole('button', { name: 'Search' }).click();
    await picker.getByRole('radio', { name: `${course.code} ${course.title}` }).check();
    await picker.getByRole('button', { name: 'Select' }).click();
    await picker.waitFor({ state: 'detached' });
    await card.getByText(`${course.title} (${course.code}) ${course.credits} credit(s)`).waitFor();
    // The Change button (named for the card it searches for) and, from the second card on, Remove.
    if (index > 0) {
      await expectApart(
        card.getByRole('button', { name: /^Remove/ }),
        card.getByRole('button', { name: /^Change HKUST course for/ }),
      );
    }
  }

  async function openCreatePage(institutionName: string): Promise<void> {
    await openStudyRecord(institutionName);
    await page.getByRole('link', { name: '+ Start New Course Mapping Request' }).click();
    await page.getByRole('heading', { name: 'Search Existing Mappings', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Apply for New Mappings / Mapping Groups' }).click();
    await page.getByRole('heading', { name: '1. Incoming Course Details' }).waitFor();
  }

  it('creates an N-to-N mapping request with uploaded syllabi and lists it as Request Initiated', async () => {
    // Given a student on the study record of one of their institutions
    await signInAs(requester);
    const token = await signIn(requester.studentId);
    const record = await recordAt(token, hkcc);
    await openStudyRecord(record.institutionName);

    // When they start a new request, find nothing fitting, and apply for a new mapping
    await page.getByRole('link', { name: '+ Start New Course Mapping Request' }).click();
    await page.getByRole('heading', { name: 'Search Existing Mappings', level: 1 }).waitFor();
    await page.getByText(`Transfer Term: ${record.transferTerm}`).waitFor();
    await page.getByRole('link', { name: 'Apply for New Mappings / Mapping Groups' }).click();
    await page.getByRole('heading', { name: '1. Incoming Course Details' }).waitFor();

    // And fill in two incoming courses, each with its syllabus uploaded as a PDF
    const codes = [`E2E${randomInt(10_000, 99_999)}`, `E2E${randomInt(10_000, 99_999)}`];
    const incoming = [
      { code: codes[0] ?? '', title: 'Music, Mind and Human Behavior', credits: '3', file: 'syllabus-1.pdf' },
      { code: codes[1] ?? '', title: 'Music in Film and Dance', credits: '3.5', file: 'syllabus-2.pdf' },
    ];
    for (const [i, course] of incoming.entries()) await fillIncoming(i, course);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // And propose two HKUST equivalents, each chosen in the course picker
    await page.getByRole('heading', { name: '2. Proposed HKUST Equivalent' }).waitFor();
    const equivalents = [
      { code: 'HUMA1103', title: 'Understanding Music', credits: 3 },
      { code: 'HUMA1106', title: 'Music and Dance', credits: 3 },
    ];
    for (const [i, course] of equivalents.entries())
      await pickEquivalent(i, { code: 'huma11', title: 'music' }, course);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Then Review & Submit shows both incoming courses and both equivalents
    await page.getByRole('heading', { name: '3. Review & Submit' }).waitFor();
    const review = page.locator('section', {
      has: page.getByRole('heading', { name: '3. Review & Submit' }),
    });
    for (const course of incoming) {
      await review.getByText(course.code, { exact: true }).waitFor();
      await review.getByText(course.file).waitFor();
    }
    await review.getByText('3.5 CREDIT').waitFor();
    for (const course of equivalents) await review.getByText(`${course.title} - ${course.code}`).waitFor();

    // When they submit
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    // Then the study record lists the request in My Course Mapping Requests, Request Initiated
    await page.getByRole('heading', { name: record.institutionName }).waitFor();
    await page.getByText(/Your course mapping request B\d{6}-\d{2} has been submitted/).waitFor();
    const row = myRequests()
      .getByRole('row')
      .filter({ hasText: codes[0] ?? '-' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(`${codes[0]} Music, Mind and Human Behavior (3 CREDIT)`);
    expect(text).toContain(`${codes[1]} Music in Film and Dance (3.5 CREDIT)`);
    expect(text).toContain('HUMA1103 Understanding Music (3 CR)');
    expect(text).toContain('HUMA1106 Music and Dance (3 CR)');
    expect(await row.getByText('Request Initiated').count()).toBe(1);

    // And the API agrees: one mapping, both courses on each side, the two syllabi attached
    const { body } = await api<StudyRecordResponse>('GET', `/students/me/records/${record.recordId}`, {
      token,
    });
    const mine = body.myMappingRequests.find((r) => r.incomingCourses.some((c) => c.code === codes[0]));
    expect(mine?.status).toBe('Request Initiated');
    expect(mine?.incomingCourses.map((c) => c.code).sort()).toEqual([...codes].sort());
    expect(mine?.homeCourses.map((c) => c.code).sort()).toEqual(['HUMA1103', 'HUMA1106']);
    expect(await row.getByRole('link', { name: mine?.ref ?? '-' }).count()).toBe(1);
  });

  it("follows another student's mapping Under Review with Notify Me", async () => {
    // Given a classmate's mapping Under Review at the institution where the student studied
    const classmateRecord = await recordAt(await signIn(classmate.studentId), hkcc);
    const mapping = await givenMapping({
      studentId: classmate.studentId,
      recordId: classmateRecord.recordId,
      institutionId: hkcc,
      institutionName: classmateRecord.institutionName,
      status: 'Under Review',
    });
    const incomingCode = mapping.incomingCourses[0]?.code ?? '-';

    // And the student on Search Existing Mappings of their own study record there
    await signInAs(requester);
    await openStudyRecord(classmateRecord.institutionName);
    await page.getByRole('link', { name: '+ Start New Course Mapping Request' }).click();
    await page.getByRole('heading', { name: 'Search Existing Mappings', level: 1 }).waitFor();

    // When they search for the incoming course
    await page.getByLabel('Filter by course, ref. no. or mapping info').fill(incomingCode);
    const results = page.getByRole('table', { name: 'Search Existing Mappings' });
    const row = rowOf(results, mapping.ref);
    await row.waitFor();
    expect(await row.getByText('Under Review').count()).toBe(1);
    expect(await row.getByRole('link', { name: `Re-map ${mapping.ref}` }).count()).toBe(1);

    // And press Notify Me
    await row.getByRole('button', { name: `Notify Me about ${mapping.ref}` }).click();

    // Then the action turns into Will Notify You, in place
    await row.getByText('Will Notify You').waitFor();
    expect(await row.getByRole('button', { name: /Notify Me/ }).count()).toBe(0);
    await expect.poll(() => page.url()).toContain('/search');

    // And the mapping is in their My Course Mapping Requests, followed with Notify Me
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Study Record' })
      .click();
    const followed = rowOf(myRequests(), mapping.ref);
    await followed.waitFor();
    expect(await followed.getByText('Under Review').count()).toBe(1);
    expect(await followed.getByText('Will Notify You').count()).toBe(1);
    expect(await followed.getByText('Notify Me', { exact: true }).count()).toBe(1);
  });
  it('offers Notify Me instead of a duplicate of a request already pending', async () => {
    // Given a classmate's request Under Review for an incoming course at the student's institution
    const classmateRecord = await recordAt(await signIn(classmate.studentId), hkcc);
    const pending = await givenMapping({
      studentId: classmate.studentId,
      recordId: classmateRecord.recordId,
      institutionId: hkcc,
      institutionName: classmateRecord.institutionName,
      status: 'Under Review',
    });
    const [course] = pending.incomingCourses;
    const [home] = pending.homeCourses;
    if (!course || !home) throw new Error('The fixture has no courses');

    // When the student requests the very same mapping
    await signInAs(requester);
    await openCreatePage(classmateRecord.institutionName);
    await fillIncoming(0, {
      code: course.code,
      title: course.title,
      credits: String(course.credits),
      file: 'same.pdf',
    });
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await pickEquivalent(0, { code: home.code, title: '' }, home);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    // Then they are told it exists, and offered Notify Me on it rather than a second request
    const notice = page.getByTestId('duplicate-request');
    await notice.getByRole('link', { name: pending.ref }).waitFor();
    await notice.getByRole('button', { name: `Notify Me about ${pending.ref}` }).click();
    await notice.getByText('Will Notify You').waitFor();

    // And the mapping is followed in My Course Mapping Requests
    await notice.getByRole('link', { name: 'See it in My Course Mapping Requests' }).click();
    await rowOf(myRequests(), pending.ref).getByText('Will Notify You').waitFor();
  });

  it("shows the reviewer's note of a Need Further Info mapping and takes the information asked for", async () => {
    // Given a request of the student's that a reviewer returned for more information
    const token = await signIn(requester.studentId);
    const record = await recordAt(token, hkcc);
    const note = 'Please provide a more updated course syllabus with the teaching schedule.';
    const mapping = await givenMapping({
      studentId: requester.studentId,
      recordId: record.recordId,
      institutionId: hkcc,
      institutionName: record.institutionName,
      status: 'Need Further Info',
      patch: { reviewerNote: note },
    });

    // When the student focuses the exclamation mark next to its status
    await signInAs(requester);
    await openStudyRecord(record.institutionName);
    const row = rowOf(myRequests(), mapping.ref);
    await row.getByText('Need Further Info').waitFor();
    const mark = row.getByRole('button', { name: 'Information required' });
    await mark.focus();

    // Then the reviewer's note shows, and is the mark's accessible description
    const tip = page.getByRole('tooltip');
    await tip.getByText(note).waitFor();
    expect(await mark.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));

    // When they press Provide Info
    await row.getByRole('link', { name: `Provide Info for ${mapping.ref}` }).click();

    // Then the mapping page shows the Information Required on top
    await page.getByRole('heading', { name: 'Information Required' }).waitFor();
    await page.getByText("Reviewer's Note:").waitFor();
    await page.getByText(note).waitFor();

    // When they upload the updated syllabus and submit
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Provide Information' }) });
    await form
      .getByLabel('Supporting Documents')
      .setInputFiles({ name: 'updated-syllabus.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    await form.getByText('Verified', { exact: true }).waitFor({ timeout: 30_000 });
    await form.getByRole('button', { name: 'Submit', exact: true }).click();

    // Then the mapping is back to Request Initiated, with the document attached
    await page.getByText('the status of the mapping is now “Request Initiated”').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'updated-syllabus.pdf' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Information Required' }).count()).toBe(0);
  });
});
