import { randomInt } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';
import { demoAroStaff, demoStudent } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';
import { documentClient, runtimeEnv } from '../support/aws.js';
import { launchBrowser, signInBrowser } from '../support/browser.js';
import { givenMapping, givenStudyRecord } from '../support/fixtures.js';

// Conversion Preview in a real browser, at a phone's width (390 px): from the Study Record, the
// student adds an approved mapping Ready for Credit Transfer, types a grade, and sees the seed's
// example worked out (4 of 16 → 7.5 UCTS → 2.25 HKUST credits), then a grade not on the scale
// named under its field.

const webUrl = inject('webUrl');
const student = demoStudent('20796603');
const [staff] = demoAroStaff;

async function givenGradedInstitution() {
  if (!staff) throw new Error('the seed needs ARO staff');
  const suffix = randomInt(100_000, 999_999);
  const institution = {
    institutionId: `fx-preview-${suffix}`,
    name: `Preview University ${suffix}`,
    country: 'Australia',
  };
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: InstitutionEntity.toItem(institution),
    }),
  );
  const published = await api('PUT', `/admin/institutions/${institution.institutionId}/grading`, {
    token: await signIn(staff.staffId),
    body: {
      creditSystem: { name: 'Preview credit points', unit: 'CREDIT POINT', creditsPerSemester: 16 },
      gradeScale: {
        id: 'PV-LETTER',
        grades: [
          { grade: 'A', ucts: 'A' },
          { grade: 'B', ucts: 'C' },
          { grade: 'C', ucts: 'E' },
          { grade: 'F', ucts: 'F' },
        ],
      },
      version: 0,
    },
  });
  expect(published.status).toBe(200);
  const record = await givenStudyRecord(student.studentId, '2024-25 Fall', {
    institutionId: institution.institutionId,
    institutionName: institution.name,
  });
  const mapping = await givenMapping({
    studentId: student.studentId,
    recordId: record.recordId,
    institutionId: institution.institutionId,
    institutionName: institution.name,
    status: 'Approved',
    patch: {
      validFrom: '2023-24 Fall',
      validTo: '2026-27 Spring',
      incomingCourses: [
        { code: `PV${suffix % 1000}`, title: 'Course Unit A', credits: 4, creditUnit: 'CREDIT POINT' },
      ],
    },
  });
  return { record, mapping };
}

describe('Conversion Preview in the browser', () => {
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
    expect(pageErrors).toEqual([]);
  });

  it('previews an approved mapping with every step at 390 px, and names a grade not on the scale', async () => {
    // Given a study record at an institution with a grading, and an approved 4-point mapping there
    const { record, mapping } = await givenGradedInstitution();
    ({
      context,
      page,
      errors: pageErrors,
    } = await signInBrowser(browser, student.studentId, {
      context: { viewport: { width: 390, height: 844 } },
      expectedConsole: /status of 400/,
    }));
    await page.goto(`${webUrl}/#/records/${record.recordId}`);
    await page.getByRole('heading', { name: record.institutionName }).waitFor();

    // When they open Conversion Preview from the Study Record and add the mapping
    await page.getByRole('link', { name: 'Conversion Preview' }).click();
    await page.getByRole('heading', { name: 'Approved Mappings Ready for Credit Transfer' }).waitFor();
    await page.getByRole('button', { name: `Add ${mapping.ref} to the preview` }).click();

    // Then it awaits the grade; with one typed, the seed's figures show, step by step, with the rule
    const chosen = page.getByTestId('conversion-chosen');
    await chosen.getByTestId('conversion-outcome').getByText('Awaiting grade').waitFor();
    await chosen.getByLabel(/Final Grade/).fill('A');
    await chosen.getByTestId('conversion-outcome').getByText('Transfers').waitFor();
    await chosen.getByTestId('conversion-credits').getByText('2.25 HKUST credits, grade "T"').waitFor();
    await chosen.getByText('4 × 30 / 16 = 7.5').waitFor();
    await chosen.getByText('7.5 × 9 / 30 = 2.25').waitFor();
    await page
      .getByTestId('conversion-total')
      .locator('.conversion-total__figure')
      .getByText('2.25 HKUST credits')
      .waitFor();
    await page
      .getByTestId('conversion-rule')
      .getByText(/Credit is given only for a pass/)
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.CTS_E2E_SCREENSHOT)
      await page.screenshot({ path: process.env.CTS_E2E_SCREENSHOT, fullPage: true });

    // When a failing grade is typed, nothing transfers
    await chosen.getByLabel(/Final Grade/).fill('F');
    await chosen.getByTestId('conversion-outcome').getByText('No credit').waitFor();
    await chosen.getByTestId('conversion-credits').getByText('0 HKUST credits').waitFor();

    // When a grade not on the scale is typed, it is named under the field with the scale's grades
    await chosen.getByLabel(/Final Grade/).fill('HD');
    await chosen.getByText(/"HD" is not a grade on scale PV-LETTER.*use one of A, B, C, F/).waitFor();
  });
});
