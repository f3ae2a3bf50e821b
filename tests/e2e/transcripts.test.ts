import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StudyRecordResponse } from '../../functions/records/contracts.js';
import type { AroTranscript, StudentTranscript } from '../../functions/transcripts/contracts.js';
import { demoAroStaff, demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';
import { givenStudyRecord } from '../support/fixtures.js';
import { buildSignedPdfCorpus } from '../support/transcript-corpus/signed-pdf.js';

// The Official Transcript panel of the Study Record (guide §5.2) in a real browser against the local
// runtime: a signed PDF goes up through the file input (presigned POST to S3, then the verification
// hook), is listed as Uploaded by Student and Pending Review (the hook never verifies: ARO does);
// files that are not transcripts are refused with the reason and never listed; ARO's Verified shows
// once the page is read again.

const apiUrl = inject('apiUrl');

// Lam Tsz Ching: one exchange in the seed; each test adds a study record of its own beside it.
const student = demoStudent('20796603');
const [staff] = demoAroStaff;

const htmlPretendingToBePdf = Buffer.from(
  '<!DOCTYPE html><html><head><title>transcript</title></head><body>Grade: A+</body></html>\n',
  'latin1',
);

describe('Official Transcript in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let signedPdf: Buffer;

  beforeAll(async () => {
    browser = await launchBrowser();
    const corpus = await buildSignedPdfCorpus();
    const valid = corpus.cases.find((c) => c.name === 'valid-timestamp-crl');
    if (!valid) throw new Error('The signed-PDF corpus has no valid-timestamp-crl case');
    signedPdf = Buffer.from(valid.bytes);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await context?.close();
    // Then the app raised no uncaught error and logged no error along the way
    expect(pageErrors).toEqual([]);
  });

  async function signInAs(viewport?: { width: number; height: number }): Promise<void> {
    ({
      context,
      page,
      errors: pageErrors,
    } = await signInBrowser(browser, student.studentId, viewport ? { context: { viewport } } : {}));
  }

  async function openStudyRecord(institutionName: string): Promise<void> {
    await page.getByTestId('institution-list').getByRole('link', { name: institutionName }).click();
    await page.getByRole('heading', { name: institutionName }).waitFor();
  }

  const panel = () => page.getByTestId('official-transcript');
  const listed = (title: string) => panel().getByRole('listitem').filter({ hasText: title });

  async function transcriptsOf(recordId: string): Promise<StudentTranscript[]> {
    const token = await signIn(student.studentId);
    const { body } = await api<StudyRecordResponse>('GET', `/students/me/records/${recordId}`, { token });
    return body.transcripts;
  }

  it('uploads a signed PDF transcript, lists it Pending Review, and shows Verified once ARO verifies it', async () => {
    // Given a student on a study record with no transcript yet
    const record = await givenStudyRecord(student.studentId);
    await signInAs();
    await openStudyRecord(record.institutionName);
    await panel().getByRole('heading', { name: 'Official Transcript' }).waitFor();
    await panel().getByText('No official transcript has been received for this study record yet.').waitFor();
    await panel()
      .getByText("Credit transfer applications will only be processed with 'Verified' official transcripts.")
      .waitFor();

    // (The first read of the transcript waits until "Checking" has been seen: the hook can be quick.)
    let checkingSeen: () => void = () => {};
    const seen = new Promise<void>((resolve) => {
      checkingSeen = resolve;
    });
    await page.route(`${apiUrl}/students/me/transcripts/*`, async (route) => {
      if (route.request().method() === 'GET') await seen;
      await route.continue();
    });

    // When they pick their signed PDF transcript in the drop zone's file input
    await panel()
      .getByLabel('Click or drag file to upload')
      .setInputFiles({ name: 'transcript.pdf', mimeType: 'application/pdf', buffer: signedPdf });

    // Then the panel says it is checking the file
    await panel().getByRole('status').filter({ hasText: 'Checking transcript.pdf' }).waitFor();
    checkingSeen();

    // And then lists it, uploaded by the student and pending ARO's review
    const item = listed('transcript.pdf');
    await item.waitFor({ timeout: 30_000 });
    await item.getByText('Uploaded by Student', { exact: true }).waitFor();
    await item.getByText('Pending Review', { exact: true }).waitFor();
    expect(await panel().getByText('Checking', { exact: false }).count()).toBe(0);
    expect(await panel().getByRole('alert').count()).toBe(0);
    await page.unroute(`${apiUrl}/students/me/transcripts/*`);

    // And Download gives back the very bytes sent
    const downloading = page.waitForEvent('download');
    await item.getByRole('button', { name: 'Download transcript.pdf' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('transcript.pdf');
    expect((await readFile(await download.path())).equals(signedPdf)).toBe(true);

    // When ARO verifies it through the admin API
    const [attached] = await transcriptsOf(record.recordId);
    expect(attached).toMatchObject({ title: 'transcript.pdf', status: 'Pending Review' });
    if (!staff || !attached) throw new Error('the seed needs an ARO staff member');
    const aroToken = await signIn(staff.staffId);
    const path = `/admin/students/${student.studentId}/transcripts/${attached.transcriptId}`;
    const detail = await api<{ transcript: AroTranscript }>('GET', path, { token: aroToken });
    expect(detail.status).toBe(200);
    const note = 'Digital signature checked against the institution registrar.';
    const decided = await api('PUT', `${path}/status`, {
      token: aroToken,
      body: { status: 'Verified', note, version: detail.body.transcript.version },
    });
    expect(decided.status).toBe(200);

    // Then, once the page is read again, the transcript reads Verified with ARO's note
    await page.reload();
    await page.getByRole('heading', { name: record.institutionName }).waitFor();
    const verified = listed('transcript.pdf');
    await verified.getByText('Verified', { exact: true }).waitFor();
    await verified.getByText(note).waitFor();
    expect(await verified.getByText('Pending Review', { exact: true }).count()).toBe(0);
    expect(await panel().getByRole('listitem').count()).toBe(1);
  });

  it('refuses a file that is not a transcript with the reason, and lists nothing, at phone width', async () => {
    // Given a student on a phone-sized screen, on a study record with no transcript yet
    const record = await givenStudyRecord(student.studentId);
    await signInAs({ width: 390, height: 844 });
    await openStudyRecord(record.institutionName);
    const input = panel().getByLabel('Click or drag file to upload');
    const uploadRequests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/transcripts'))
        uploadRequests.push(request.url());
    });

    // When they pick a text file
    await input.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('my grades\n'),
    });

    // Then the browser refuses it with the reason, and asks the API nothing
    await panel().getByRole('alert').getByText('notes.txt is not a PDF or a JSON credential file.').waitFor();
    expect(uploadRequests).toEqual([]);

    // When they pick a .pdf whose bytes are an HTML page
    const checked = page.waitForResponse(
      async (response) =>
        response.request().method() === 'GET' &&
        /\/students\/me\/transcripts\/[^/]+$/.test(response.url()) &&
        ((await response.json()) as StudentTranscript).status !== 'Awaiting Upload',
      { timeout: 30_000 },
    );
    await input.setInputFiles({
      name: 'fake.pdf',
      mimeType: 'application/pdf',
      buffer: htmlPretendingToBePdf,
    });

    // Then it is sent and checked, and the hook's reason shows in an alert
    const verdict = (await (await checked).json()) as StudentTranscript;
    expect(verdict.status).toBe('Not Accepted');
    expect(verdict.notAcceptedReason).toBeTruthy();
    const alert = panel().getByRole('alert');
    await alert.getByText('fake.pdf was not accepted').waitFor();
    await alert.getByText(verdict.notAcceptedReason ?? '-').waitFor();
    expect(await alert.getByText('notes.txt').count()).toBe(0);

    // And nothing is listed, on the page or in the study record
    await panel().getByText('No official transcript has been received for this study record yet.').waitFor();
    expect(await panel().getByRole('listitem').count()).toBe(0);
    expect(await transcriptsOf(record.recordId)).toEqual([]);

    // And the page fits the phone's width
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
