import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  MappingDetailResponse,
  StudyRecordResponse,
  SubmittedMappingRequest,
  TriageQueueResponse,
} from '../../functions/mappings/contracts.js';
import { addTerms, termOf } from '../../functions/records/domain/transfer-term.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import { demoAroStaff, demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { eventually, mailbox } from '../support/aws.js';
import { launchBrowser } from '../support/browser.js';
import { givenStudyRecord } from '../support/fixtures.js';
import { verifiedPdf } from '../support/uploads.js';

// Issue 4's must-show, in a real browser against the local runtime: a student's request is routed
// by ARO; the MECH reviewer opens the mailbox, follows the link in the review-request mail, approves
// on the confirmation page; the student then sees Approved, and the decision in the mapping's
// History. Set-up that is not the reviewer's or the student's own doing (the request, the reviewer
// list, ARO's triage) goes through the HTTP API, as those people would.

const webUrl = inject('webUrl');
const mailboxUrl = inject('mailboxUrl');

interface WebConfig {
  auth: { authorizeUrl: string };
}

// Lam Tsz Ching: requests here go to a study record of the test's own, so nothing else reads them.
const student = demoStudent('20796603');
const staff = demoAroStaff[0];
// A reviewer of this run alone, so the mail found can only be about this test's requests.
const reviewerEmail = `mech-e2e-${randomInt(100_000, 999_999)}@ust.hk`;
// The record's transfer term is the current one, so an approval from it on holds for the record.
const transferTerm = termOf(new Date());
const validTo = addTerms(transferTerm, 8);

let token: string;
let aroToken: string;
let record: StudyRecord;

async function submitRequest(): Promise<string> {
  const { status, body } = await api<SubmittedMappingRequest>(
    'POST',
    `/students/me/records/${record.recordId}/mapping-requests`,
    {
      token,
      body: {
        submit: true,
        incomingCourses: [
          {
            code: `RV${randomInt(100_000, 999_999)}`,
            title: 'Engineering Thermodynamics',
            credits: 3,
            creditUnit: 'CREDIT',
            documentIds: [await verifiedPdf(token)],
          },
        ],
        homeCourseCodes: ['MECH2310'],
      },
    },
  );
  expect(status).toBe(201);
  return body.ref;
}

/** ARO routes the request to the department, once the workflow has put it in the triage queue. */
async function routeToDepartments(ref: string): Promise<void> {
  await eventually(
    async () => {
      const { body } = await api<TriageQueueResponse>('GET', '/admin/triage', { token: aroToken });
      return body.requests.some((r) => r.ref === ref) || undefined;
    },
    `${ref} to await triage`,
    20_000,
  );
  const routed = await api('POST', `/admin/mappings/${ref}/triage`, {
    token: aroToken,
    body: { action: 'route' },
  });
  expect(routed.status).toBe(202);
}

const reviewSubject = (ref: string): string => `Course mapping ${ref}: MECH review requested`;

async function detail(ref: string): Promise<MappingDetailResponse> {
  const path = `/students/me/records/${record.recordId}/mappings/${ref}`;
  return (await api<MappingDetailResponse>('GET', path, { token })).body;
}

beforeAll(async () => {
  token = await signIn(student.studentId);
  aroToken = await signIn(staff?.staffId ?? '');
  record = await givenStudyRecord(student.studentId, transferTerm);
  const set = await api('PUT', '/admin/subject-areas/MECH/reviewers', {
    token: aroToken,
    body: { reviewers: [{ name: 'MECH e2e reviewer', email: reviewerEmail }] },
  });
  expect(set.status).toBe(200);
}, 60_000);

describe('A department review in the browser (issue 4)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let pageErrors: string[];
  let config: WebConfig;

  beforeAll(async () => {
    browser = await launchBrowser();
    config = (await (await fetch(`${webUrl}/config.json`)).json()) as WebConfig;
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser; every page opened in it, the reviewer's too, reports its uncaught errors. */
  async function openBrowser(): Promise<Page> {
    context = await browser.newContext();
    pageErrors = [];
    context.on('page', (opened) => {
      opened.setDefaultTimeout(15_000);
      opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.message}`));
    });
    return context.newPage();
  }

  afterEach(async () => {
    await context?.close();
    // Then no page raised an uncaught error along the way
    expect(pageErrors).toEqual([]);
  });

  /** The student opens a page of the SPA, signing in through the local sign-in page on the way. */
  async function signInTo(page: Page, hash: string): Promise<void> {
    await page.goto(`${webUrl}/#${hash}`);
    await page.waitForURL((url) => url.href.startsWith(config.auth.authorizeUrl));
    await page.getByRole('button', { name: new RegExp(student.studentId) }).click();
    await page.waitForURL((url) => url.href.startsWith(webUrl) && url.hash === `#${hash}`);
  }

  const myRequests = (page: Page) => page.getByTestId('my-mapping-requests');
  const rowOf = (page: Page, ref: string): Locator => myRequests(page).locator(`tr[data-ref="${ref}"]`);
  const historyRows = (page: Page): Locator =>
    page.getByRole('table', { name: 'History' }).locator('tbody').getByRole('row');
  const historyRow = (page: Page, what: string | RegExp): Locator =>
    historyRows(page).filter({ has: page.getByRole('cell').filter({ hasText: what }) });

  /** Reloads until `probe` shows: the workflow records a decision a moment after the reviewer's POST. */
  async function reloadUntil(page: Page, probe: () => Locator, what: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await probe().waitFor({ timeout: 1_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${String(error)}`);
      }
      await page.reload();
    }
  }

  it("opens the mailbox, follows the reviewer's link, approves, and sees Approved on the student's page", async () => {
    // Given a student's request for MECH2310, routed by ARO to the MECH department
    const ref = await submitRequest();
    await routeToDepartments(ref);

    // When the MECH reviewer opens the mailbox and finds the review-request mail about it
    const page = await openBrowser();
    await page.goto(mailboxUrl);
    const mail = page
      .locator('.email')
      .filter({ hasText: `Subject: ${reviewSubject(ref)}` })
      .filter({ hasText: `To: ${reviewerEmail}` });
    await mail.waitFor({ timeout: 30_000 });
    await expect(mail.count()).resolves.toBe(1);

    // And opens the mail as sent (its HTML) and follows "Review the request"
    await mail.getByRole('button', { name: 'Toggle HTML view' }).click();
    const link = mail.frameLocator('iframe').getByRole('link', { name: 'Review the request' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^http:\/\/[^/]+\/review\/[A-Za-z0-9_-]{43}$/);
    // The review page refuses to be framed (frame-ancestors 'none'), so a click inside the mailbox's
    // frame would show nothing: the reviewer opens the link in a tab of its own, as a mail client does.
    const [review] = await Promise.all([
      context.waitForEvent('page'),
      link.click({ modifiers: ['ControlOrMeta'] }),
    ]);
    await review.waitForLoadState();
    expect(review.url()).toBe(href);

    // Then the link shows a confirmation page about the request, which decides nothing by itself
    await review.getByRole('heading', { name: 'Course mapping review', level: 1 }).waitFor();
    await review.getByText(`review course mapping request ${ref}`).waitFor();
    expect((await detail(ref)).mapping.status).toBe('Under Review');

    // When the reviewer approves it, valid from the student's transfer term, and submits the decision
    await review.getByRole('radio', { name: 'Approve' }).check();
    await review.getByLabel('Valid from (transfer term)').selectOption(transferTerm);
    await review.getByLabel('Valid to (transfer term)').selectOption(validTo);
    await review.getByRole('button', { name: 'Submit decision' }).click();

    // Then the decision is recorded
    await review.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
    await review.getByText(`Your decision on ${ref} has been recorded.`).waitFor();
    await expect(review.locator('main').textContent()).resolves.toContain(
      `Decision of the MECH department: Approved (valid for transfer terms ${transferTerm} to ${validTo}).`,
    );
    await review.close();

    // When the student signs in and opens the study record
    await signInTo(page, `/records/${record.recordId}`);
    await page.getByRole('heading', { name: record.institutionName }).waitFor();
    // Then My Course Mapping Requests shows the mapping Approved, once the workflow has recorded it
    await reloadUntil(
      page,
      () => rowOf(page, ref).locator('.status', { hasText: /^Approved$/ }),
      `${ref} to read Approved`,
    );
    await expect(rowOf(page, ref).getByRole('cell').nth(4).textContent()).resolves.not.toContain(
      'Estimated decision date',
    );

    // And its mapping page says Approved, with the validity the reviewer chose
    await rowOf(page, ref).getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { name: `D.B. Ref. No. ${ref}` }).waitFor();
    const facts = page.locator('dl.facts');
    await facts.locator('.status', { hasText: /^Approved$/ }).waitFor();
    await facts.getByText(`${transferTerm} – ${validTo}`).waitFor();
    await expect(page.getByTestId('estimated-decision').count()).resolves.toBe(0);

    // And its History tells the story, oldest first, naming roles and never the reviewer
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const whats = await historyRows(page).evaluateAll((rows) =>
      rows.map((row) => row.querySelectorAll('td')[2]?.textContent ?? ''),
    );
    const at = (what: string) => whats.findIndex((w) => w.includes(what));
    expect(at('Request submitted')).toBe(0);
    expect(at('MECH department: Approved')).toBeGreaterThan(at('Request submitted'));
    expect(at('Decision: Approved')).toBeGreaterThan(at('MECH department: Approved'));
    await historyRow(page, 'Request submitted').getByRole('cell', { name: 'You', exact: true }).waitFor();
    const decided = historyRow(page, 'MECH department: Approved');
    await decided.getByRole('cell', { name: 'Subject department', exact: true }).waitFor();
    await expect(decided.getByRole('cell').first().textContent()).resolves.toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    await historyRow(page, 'Decision: Approved')
      .locator('.status', { hasText: /^Approved$/ })
      .waitFor();
    await expect(page.getByTestId('mapping-history').textContent()).resolves.not.toContain(reviewerEmail);
  });

  it('shows the estimated decision date of a pending request once the department has decided before', async () => {
    // Given MECH has decided a request in this run (the first test's, or one approved here)
    const decided = await submitRequest();
    await routeToDepartments(decided);
    const sent = await eventually(
      async () =>
        (await mailbox()).find(
          (m) => m.destination.to.includes(reviewerEmail) && m.subject === reviewSubject(decided),
        ),
      `the review mail about ${decided}`,
      20_000,
    );
    const link = /https?:\/\/\S+\/review\/[A-Za-z0-9_-]{43}/.exec(sent.body.text ?? '')?.[0] ?? '';
    const approved = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({ decision: 'approve', validFrom: transferTerm, validTo }),
    });
    expect(approved.status).toBe(200);
    await eventually(
      async () => ((await detail(decided)).mapping.status === 'Approved' ? true : undefined),
      `${decided} to be Approved`,
      20_000,
    );

    // And a new request of the student's to MECH, pending
    const pending = await submitRequest();
    const { body } = await api<StudyRecordResponse>('GET', `/students/me/records/${record.recordId}`, {
      token,
    });
    const estimate = body.myMappingRequests.find((r) => r.ref === pending)?.estimatedDecisionDate;
    expect(estimate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // When the student opens the study record
    const page = await openBrowser();
    await signInTo(page, `/records/${record.recordId}`);
    await page.getByRole('heading', { name: record.institutionName }).waitFor();
    // Then the pending row gives the estimate under its status, and the table says what it rests on
    await rowOf(page, pending).getByText(`Estimated decision date: ${estimate}`).waitFor();
    await myRequests(page).getByText('median turnaround').waitFor();
    // And the decided row gives none
    await expect(rowOf(page, decided).textContent()).resolves.not.toContain('Estimated decision date');

    // And the mapping page gives it too, with the hint, and the submission in its History
    await rowOf(page, pending).getByRole('link', { name: pending }).click();
    const estimated = page.getByTestId('estimated-decision');
    await estimated.getByText(`Estimated decision date: ${estimate}`).waitFor();
    await estimated.getByText(/median turnaround/).waitFor();
    await historyRow(page, 'Request submitted').getByRole('cell', { name: 'You', exact: true }).waitFor();
  });
});
