import { accessSync, constants } from 'node:fs';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { inject } from 'vitest';

// The browser suite drives Debian's Chromium through playwright-core (which downloads no browser).

// The URLs come from tests/support/local-runtime-setup.ts (its ProvidedContext declaration).

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's. Throws, saying how to install it, when there is none. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(
      `CHROMIUM_PATH=${fromEnv} is not an executable file. Point it at a Chromium binary, or unset it.`,
    );
  }
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new Error(
    `The browser suite needs Chromium, and none was found (looked at ${candidates.join(', ')}). ` +
      'Install it with `sudo apt-get install -y chromium` (or run `.ci/run`, which installs it), ' +
      'or set CHROMIUM_PATH to a Chromium binary.',
  );
}

// Without the background-networking flags Chromium keeps calling home, which floods a closed network.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs });
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and unexpected console errors of the page, for the test to find empty. */
  errors: string[];
}

let authorizeUrl: Promise<string> | undefined;

/**
 * A new browser context signed in as a demo user through the local sign-in page (the app's own
 * authorization-code flow), left on My Dashboard. `expectedConsole`: the browser's own console line
 * for a response the test provokes on purpose, or `'any'` for a test that watches uncaught errors only.
 */
export async function signInBrowser(
  browser: Browser,
  userId: string,
  options: { context?: BrowserContextOptions; expectedConsole?: RegExp | 'any' } = {},
): Promise<SignedIn> {
  authorizeUrl ??= fetch(`${inject('webUrl')}/config.json`)
    .then((r) => r.json() as Promise<{ auth: { authorizeUrl: string } }>)
    .then((c) => c.auth.authorizeUrl);
  const context = await browser.newContext(options.context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const expected = options.expectedConsole;
    if (message.type() !== 'error' || expected === 'any' || expected?.test(message.text())) return;
    errors.push(`console: ${message.text()} ${message.location().url}`);
  });
  const signInPage = await authorizeUrl;
  await page.goto(`${inject('webUrl')}/#/dashboard`);
  await page.waitForURL((url) => url.href.startsWith(signInPage));
  await page.getByRole('button', { name: new RegExp(userId) }).click();
  await page.getByRole('heading', { name: 'My Dashboard' }).waitFor();
  return { context, page, errors };
}
