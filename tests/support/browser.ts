import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
