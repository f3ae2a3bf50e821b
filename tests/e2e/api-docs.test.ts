import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { localWebOrigins, webSecurityHeaders } from '../../lib/web-security-headers.js';
import { signInLocally } from '../../local/sign-in-client.js';
import { launchBrowser } from '../support/browser.js';

// The API documentation for ARO staff (issue 10 item 7): /api-docs/index.html on the web host,
// Swagger UI over docs/openapi.json, served with the web host's own security headers (the same CSP
// as the SPA: no inline script, nothing from elsewhere), listing every operation, and "Try it out"
// calling this runtime's API with the bearer token pasted under Authorize.

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const docsUrl = `${webUrl}/api-docs/index.html`;

const openApi = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};
const operations = Object.values(openApi.paths).flatMap((methods) =>
  Object.values(methods).map((o) => o.operationId),
);

describe('API documentation in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let elsewhere: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await context?.close();
    // Then nothing failed, nothing broke the CSP (a violation is a console error), and the page
    // reached nothing but the web host and the API
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  async function open(): Promise<void> {
    // The page's real Content-Security-Policy applies: no bypass here.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Swagger UI resolves the whole OpenAPI 3.1 document before it draws: seconds, more on a busy machine.
    page.setDefaultTimeout(60_000);
    problems = [];
    elsewhere = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${webUrl}/`) && !url.startsWith(`${apiUrl}/`) && !url.startsWith('data:'))
        elsewhere.push(url);
    });
    await page.goto(docsUrl);
  }

  it('is served from the web host with its security headers, and the OpenAPI document as generated', async () => {
    problems = [];
    elsewhere = [];
    const response = await fetch(docsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    for (const [name, value] of Object.entries(webSecurityHeaders(localWebOrigins))) {
      expect(response.headers.get(name), name).toBe(value);
    }
    const document = await fetch(`${webUrl}/api-docs/openapi.json`);
    expect(document.status).toBe(200);
    expect(await document.json()).toEqual(openApi);
    const bundle = await fetch(`${webUrl}/api-docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('lists every operation of docs/openapi.json, pointed at this API', { timeout: 120_000 }, async () => {
    // When ARO staff open the page
    await open();
    // Then every operation is listed, by its id
    await page.locator('.opblock').first().waitFor();
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations.length);
    const shown = await page.locator('.opblock .opblock-summary-operation-id').allTextContents();
    expect(shown.sort()).toEqual([...operations].sort());
    // And the server is this runtime's API
    expect(await page.locator('.servers select').inputValue()).toBe(apiUrl);
  });

  it('is reached from /api-docs/ too', async () => {
    await open();
    await page.goto(`${webUrl}/api-docs/`);
    await page.waitForURL(docsUrl);
    await page.locator('.opblock').first().waitFor();
  });

  it('tries an admin operation with the bearer token pasted under Authorize', {
    timeout: 150_000,
  }, async () => {
    const token = await signInLocally(webUrl, 'aro-001');
    await open();
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(token);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // When they try ARO's triage queue
    const operation = page.locator('#operations-aro-api-listAwaitingTriage');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    // Then the API answered 200 with the queue, the request having carried the token
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.textContent()).toContain('200');
    expect(await operation.locator('.curl-command').textContent()).toContain(`Bearer ${token}`);
    expect(await operation.locator('.live-responses-table').textContent()).toContain('"requests"');
  });
});
