import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Application, ApplicationEntity } from '../../functions/applications/entities/application.js';
import { demoStudent } from '../../local/seed/people.js';
import { expectFitsWidth, expectNoAxeViolations } from '../support/accessibility.js';
import { documentClient, runtimeEnv } from '../support/aws.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';
import { givenStudyRecord } from '../support/fixtures.js';

// A portable signed decision (issue 10 item 6) in a real browser against the local runtime: the
// student downloads the signed decision of an Approved application from its page; anyone, signed
// out and on a phone, pastes or drops it on the Verify page and sees what HKUST approved, and a
// changed copy is shown as not genuine, with the reason. axe finds nothing at 390 px.

// Lee Chi Hang: the test adds a study record of its own with an application ARO has approved.
const student = demoStudent('20835519');
const phone = { width: 390, height: 844 };

/** An application as ARO's approval leaves it (the approval itself is tested over HTTP). */
async function givenApprovedApplication(): Promise<Application> {
  const record = await givenStudyRecord(student.studentId, '2025-26 Fall');
  const at = new Date().toISOString();
  const application: Application = {
    studentId: student.studentId,
    applicationId: randomUUID(),
    recordId: record.recordId,
    ref: 'B999001-01',
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    incomingCourses: [
      { code: 'ME 40', title: 'Thermodynamics', credits: 3, creditUnit: 'CREDIT', finalGrade: 'A-' },
    ],
    homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
    transferTerm: '2025-26 Fall',
    status: 'Approved',
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    version: 4,
    endorsements: [],
    decision: {
      outcome: 'Approved',
      decidedBy: 'aro-001',
      at,
      credits: 1.8,
      transferred: [{ code: 'MECH2310', credits: 1.8, grade: 'T' }],
      conversion: { ruleVersion: 'ucts-1', scaleId: 'us-letter', scaleVersion: '1', lowestGrade: 'A-' },
    },
  };
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: ApplicationEntity.toItem(application),
    }),
  );
  return application;
}

describe('a signed decision in the browser', () => {
  let browser: Browser;
  let studentContext: BrowserContext | undefined;
  let visitor: BrowserContext | undefined;
  let application: Application;
  let jws: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    application = await givenApprovedApplication();
  });

  afterAll(async () => {
    await studentContext?.close();
    await visitor?.close();
    await browser?.close();
  });

  it('is downloaded from the Approved application page as a .jws file', async () => {
    const signedIn = await signInBrowser(browser, student.studentId);
    studentContext = signedIn.context;
    const { page, errors } = signedIn;
    await page.goto(
      `${inject('webUrl')}/#/records/${application.recordId}/applications/${application.applicationId}`,
    );
    await page.getByText('Approved: 1.8 HKUST credits transferred').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download signed decision' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('credit-transfer-decision-B999001-01.jws');
    jws = (await readFile(await download.path())).toString('utf8');
    expect(jws.split('.')).toHaveLength(3);
    expect(await page.getByRole('link', { name: 'Verify page' }).getAttribute('href')).toBe('#/verify');
    expect(errors).toEqual([]);
  });

  describe('on the Verify page, signed out, at 390 px', () => {
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      // axe-core is injected as a script, which the app's Content-Security-Policy would refuse.
      visitor = await browser.newContext({ bypassCSP: true, viewport: phone });
      page = await visitor.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // The malformed paste is answered 400 on purpose; the browser logs that response.
        if (message.type() === 'error' && !/status of 400/.test(message.text())) errors.push(message.text());
      });
      await page.goto(`${inject('webUrl')}/#/verify`);
      await page.getByRole('heading', { name: 'Verify a signed credit transfer decision' }).waitFor();
    });

    const verify = async (text: string) => {
      await page.getByLabel('Signed decision', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
    };

    it('shows a genuine decision pasted in: the student, the courses with grades, the HKUST credits graded T', async () => {
      await expectNoAxeViolations(page, 'the empty Verify page at 390px');
      await verify(jws);
      const result = page.getByTestId('verification-result');
      await result.getByText('Genuine: approved by HKUST, 1.8 HKUST credits transferred').waitFor();
      await expect(result.textContent()).resolves.toContain(student.name);
      const transferred = page.getByRole('table').filter({ hasText: 'HKUST course' });
      await expect(transferred.getByRole('row').nth(1).textContent()).resolves.toMatch(/MECH2310.*1\.8.*T/);
      const taken = page.getByRole('table').filter({ hasText: 'Final grade' });
      await expect(taken.getByRole('row').nth(1).textContent()).resolves.toMatch(/ME 40.*3 CREDIT.*A-/);
      await expectNoAxeViolations(page, 'a verified decision at 390px');
      await expectFitsWidth(page, 'a verified decision at 390px');
    });

    it('shows a changed copy as not genuine, with the reason', async () => {
      const [header, payload, signature] = jws.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      claims.decision.credits = 18;
      await verify(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`);
      const alert = page.getByRole('alert').filter({ hasText: 'Not a genuine CTS decision' });
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/changed after it was signed/);
      expect(await page.getByText('Genuine: approved by HKUST').count()).toBe(0);
      await expectNoAxeViolations(page, 'an invalid decision at 390px');
    });

    it('says beside the field when what is pasted is not a signed decision at all', async () => {
      await verify('hello');
      const field = page.getByLabel('Signed decision', { exact: true });
      await page.getByText('Is not a compact JWS').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page, 'a malformed paste at 390px');
    });

    it('verifies a dropped .jws file', async () => {
      await page.locator('#signed-decision-file').setInputFiles({
        name: 'credit-transfer-decision-B999001-01.jws',
        mimeType: 'application/jose',
        buffer: Buffer.from(jws),
      });
      await page.getByText('Genuine: approved by HKUST, 1.8 HKUST credits transferred').waitFor();
      expect(await page.getByLabel('Signed decision', { exact: true }).inputValue()).toBe(jws);
      expect(errors).toEqual([]);
    });
  });
});
