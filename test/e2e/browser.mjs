// Debian's Chromium driven by playwright-core (no Playwright browser download), with its profile, cache and temp
// files kept inside the test run's folder.
import { chromium } from 'playwright-core';
import { CHROMIUM, isolatedEnv } from './codeServer.mjs';

/**
 * @param {{ runDir?: string, headless?: boolean }} [o]  runDir: where Chromium's HOME/TMPDIR go (default: inherited)
 */
export async function launchBrowser(o = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: o.headless ?? !process.env.HEADED,
    env: o.runDir ? isolatedEnv(o.runDir) : process.env,
    args: [
      '--no-sandbox', // root in a container
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      '--password-store=basic',
      '--use-mock-keychain',
    ],
  });
}
