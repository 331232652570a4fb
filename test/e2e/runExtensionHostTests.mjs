// Runs a mocha `run()` module INSIDE the real extension host of code-server, with the real `vscode` API.
// How: the web workbench's `payload` URL parameter (extensionDevelopmentPath + extensionTestsPath, as VS Code's own
// browser integration tests use it) loads the extension from this folder and the test module into the Node extension
// host; when run()'s promise settles, the workbench calls window.codeAutomationExit(code), which we expose from Node.
// The extension host's console (mocha's reporter) reaches the browser console, and is printed here.
//
// As a module:  const { exitCode } = await runExtensionHostTests({ baseUrl, folder | workspace, extensionTestsPath })
// From a shell: node test/e2e/runExtensionHostTests.mjs [--tests dist/test/integration/index.js] [--folder DIR |
//               --workspace FILE.code-workspace] [--untrusted] [--base-url http://127.0.0.1:PORT] [--timeout MS]
//   It compiles the integration tests first (test/integration/build.mjs), so the default suite and any other under
//   dist/test/integration/ are current. Without --base-url it starts its own code-server; without
//   --folder/--workspace it makes the sample repository.
//   Exit code: the test result (0 = all passed), 3 = timed out, 4 = harness error.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { PROJECT_ROOT, missingPrerequisites, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { makeGitRecorder } from './gitRecorder.mjs';
import { INTEGRATION_OUT_DIR, buildIntegrationTests } from '../integration/build.mjs';

const verbose = !!process.env.VERBOSE;

/** The test module (test/integration/index.ts) starts every line mocha's reporter prints with this marker. */
const MARK = '\u2063';

/**
 * One browser console message as { text, fromTests, level }: the extension host's console entries arrive through the
 * workbench's logger as console.log('%c INFO', 'color: …', format, …args).
 */
async function consoleEntry(message) {
  const args = await Promise.all(message.args().map(a => a.jsonValue().catch(() => String(a))));
  if (args.length === 0) return { text: message.text(), fromTests: false, level: message.type() };
  let level = message.type();
  if (typeof args[0] === 'string' && /^%c\s*\w+$/.test(args[0])) {
    level = args[0].replace(/%c/g, '').trim().toLowerCase();
    args.splice(0, 2);
  }
  const fromTests = typeof args[0] === 'string' && args[0].startsWith(MARK);
  if (fromTests) args[0] = args[0].slice(MARK.length);
  return { text: util.format(...args), fromTests, level };
}

/**
 * @param {object} o
 * @param {string} o.baseUrl                     a running code-server
 * @param {string} [o.folder]                    the workspace folder, or
 * @param {string} [o.workspace]                 a .code-workspace file (multi-root)
 * @param {string} o.extensionTestsPath          the mocha run() module (a file, with or without .js)
 * @param {string} [o.extensionDevelopmentPath]  default: this project
 * @param {number} [o.timeoutMs]                 default 300 s
 * @param {string} [o.runDir]                    Chromium's HOME/TMPDIR
 * @param {(line: string) => void} [o.print]     default: console.log
 * @returns {Promise<{ exitCode: number, output: string[], ms: number }>}
 */
export async function runExtensionHostTests(o) {
  const started = Date.now();
  const print = o.print ?? (line => console.log(line));
  const output = [];
  const timeoutMs = o.timeoutMs ?? 300_000;
  const url = workbenchUrl(o.baseUrl, {
    folder: o.folder,
    workspace: o.workspace,
    extensionDevelopmentPath: o.extensionDevelopmentPath ?? PROJECT_ROOT,
    extensionTestsPath: o.extensionTestsPath.replace(/\.js$/, ''),
  });
  const browser = await launchBrowser({ runDir: o.runDir });
  let exitCode = 4;
  try {
    const page = await (await browser.newContext()).newPage();
    const pending = [];
    const workbenchErrors = [];
    page.on('console', message => {
      pending.push(
        consoleEntry(message).then(({ text, fromTests, level }) => {
          if (fromTests) {
            output.push(text);
            print(text);
          } else if (verbose) print(`[workbench ${level}] ${text}`);
          else if (/^(error|err)$/.test(level) && text.trim() && !/^Failed to load resource|^Error: \d+ test\(s\) failed/.test(text))
            workbenchErrors.push(text);
        }),
      );
    });
    // (vsda, Microsoft's closed-source signing module, is not part of code-server: its two 404s are expected.)
    page.on('response', r => r.status() >= 400 && !r.url().includes('/vsda/') && workbenchErrors.push(`HTTP ${r.status()} ${r.url()}`));
    page.on('pageerror', error => workbenchErrors.push(`[page error] ${error.message}`));
    let settle;
    const exited = new Promise(resolve => {
      settle = resolve;
    });
    // Both must exist before the workbench loads: it calls them when the test runner finishes.
    await page.exposeFunction('codeAutomationLog', () => {});
    await page.exposeFunction('codeAutomationExit', code => settle(Number(code)));
    await page.goto(url);
    let timer;
    const result = await Promise.race([
      exited,
      new Promise(resolve => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await Promise.all(pending);
    if (result === 'timeout') {
      print(`extension host tests: no result after ${timeoutMs} ms (${o.extensionTestsPath})`);
      exitCode = 3;
    } else exitCode = result;
    const errors = [...new Set(workbenchErrors)];
    if (exitCode !== 0 && errors.length) {
      print(`workbench errors (last ${Math.min(20, errors.length)} of ${errors.length}; VERBOSE=1 shows the whole log):`);
      for (const line of errors.slice(-20)) print(`  ${line.slice(0, 500)}`);
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return { exitCode, output, ms: Date.now() - started };
}

// ------------------------------------------------------------------------------------------------------------ CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = util.parseArgs({
    options: {
      tests: { type: 'string', default: path.join(INTEGRATION_OUT_DIR, 'index.js') },
      folder: { type: 'string' },
      workspace: { type: 'string' },
      'base-url': { type: 'string' },
      untrusted: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300000' },
    },
  });
  const missing = missingPrerequisites();
  if (missing.length) {
    for (const m of missing) console.error(m);
    process.exit(4);
  }
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'glx-'));
  let server;
  try {
    await buildIntegrationTests();
    let folder = values.folder;
    if (!folder && !values.workspace) {
      const { makeSampleRepo } = await import('../../scripts/makeSampleRepo.mjs');
      folder = (await makeSampleRepo(path.join(runDir, 'payments'))).dir;
    }
    let baseUrl = values['base-url'];
    if (!baseUrl) {
      // As in runAll.mjs: git through the recording wrapper, VS Code's own git extension off.
      const recorder = makeGitRecorder(path.join(runDir, 'git'));
      server = await startCodeServer({
        runDir: path.join(runDir, 's'),
        trusted: !values.untrusted,
        env: { E2E_RESULTS_DIR: path.join(runDir, 'results'), ...recorder.env },
        pathPrepend: [recorder.bin],
        settings: { 'git.enabled': false },
      });
      baseUrl = server.baseUrl;
    }
    const { exitCode, ms } = await runExtensionHostTests({
      baseUrl,
      folder,
      workspace: values.workspace,
      extensionTestsPath: path.resolve(values.tests),
      timeoutMs: Number(values.timeout),
      runDir,
    });
    console.log(`extension host tests finished with exit code ${exitCode} in ${(ms / 1000).toFixed(1)} s`);
    process.exitCode = exitCode;
  } catch (e) {
    console.error(e);
    process.exitCode = 4;
  } finally {
    await server?.stop();
    if (!process.env.E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
    else console.log(`kept ${runDir}`);
  }
}
