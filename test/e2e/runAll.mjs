#!/usr/bin/env node
// The real-VS-Code part of `npm test`: code-server 4.100.3 (VS Code 1.100.3) and Debian's Chromium, offline.
//  1. makes the sample repository (scripts/makeSampleRepo.mjs) once, in a temp folder; every run gets a fresh copy
//  2. compiles the integration tests (test/integration/**/*.ts, by test/integration/build.mjs, into
//     dist/test/integration/) and runs the suite index.js inside the real extension host, then, each with its own
//     code-server, multiRoot/index.js (a .code-workspace with the sample repo, a second git repo and a folder without
//     git), outsideRepos/index.js (the sample repo, with growthLedger.repositories naming folders beside it),
//     untrusted/index.js (workspace trust on, folder not trusted), manyRepos/index.js (a .code-workspace of 50
//     small repositories, test/e2e/manyRepos.mjs), largeHistory/index.js and largeRepo/index.js (both on one
//     generated history of LARGE_HISTORY_COMMITS commits, bench/generateHistory.mjs) when those folders exist. In
//     every suite git runs through a recording wrapper (test/e2e/gitRecorder.mjs) and VS Code's own git extension is off
//  3. runs every UI test test/e2e/ui/*.mjs (in name order) through the workbench in Chromium: each exports
//     `default async function (ctx)` and gets its own browser context and copy of the sample repo; see makeContext()
//  4. prints `e2e: N passed, N failed` (mocha tests + UI test files) and exits non-zero on any failure
//
// Usage: node test/e2e/runAll.mjs [--no-integration] [--no-ui] [UI-FILE-FILTER...]
// Env:   E2E_KEEP=1 keeps the temp folder (sample repos, code-server logs and user data); VERBOSE=1 shows the
//        workbench's log lines; E2E_TMP=DIR puts the temp folder there (keep it short: unix socket paths);
//        E2E_UI_TIMEOUT_MS (default 120000) per UI test, E2E_SUITE_TIMEOUT_MS (default 240000) per integration
//        suite, E2E_TIMEOUT_MS (default 540000) for the whole run;
//        E2E_UI_MODE=installed runs the UI tests with the extension installed in place instead of loaded as a
//        development extension; E2E_INTEGRATION_DIR / E2E_UI_DIR run the suites (plain JavaScript, not compiled) / UI
//        tests of other folders (to try the harness itself).
// Screenshots go to test-results/screenshots/, code-server logs to test-results/e2e/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateHistory } from '../../bench/generateHistory.mjs';
import { makeSampleRepo, makeSecondRepo } from '../../scripts/makeSampleRepo.mjs';
import { INTEGRATION_OUT_DIR, buildIntegrationTests } from '../integration/build.mjs';
import { launchBrowser } from './browser.mjs';
import { EXTENSION_ID, PROJECT_ROOT, missingPrerequisites, startCodeServer } from './codeServer.mjs';
import { makeGitRecorder } from './gitRecorder.mjs';
import { makeManyRepos } from './manyRepos.mjs';
import { runExtensionHostTests } from './runExtensionHostTests.mjs';
import { bindWorkbench, screenshot } from './workbench.mjs';

const args = process.argv.slice(2);
const runIntegration = !args.includes('--no-integration');
const runUi = !args.includes('--no-ui');
const filters = args.filter(a => !a.startsWith('--'));
const keep = !!process.env.E2E_KEEP;
const verbose = !!process.env.VERBOSE;
const uiTimeoutMs = Number(process.env.E2E_UI_TIMEOUT_MS || 120_000);
// dev (default): the extension is loaded as a development extension (?payload=, an "[Extension Development Host]"
// window); installed: registered as installed in place (linkExtension), a plain window as users see it.
const uiMode = process.env.E2E_UI_MODE || 'dev';
const suiteTimeoutMs = Number(process.env.E2E_SUITE_TIMEOUT_MS || 240_000);
const totalTimeoutMs = Number(process.env.E2E_TIMEOUT_MS || 540_000);
// Long enough that scanning it on the extension host's own thread would stall it for well over the bound the
// largeHistory suite allows; short enough to generate in a few seconds.
const LARGE_HISTORY_COMMITS = 40_000;

const resultsDir = path.join(PROJECT_ROOT, 'test-results');
const screenshotsDir = path.join(resultsDir, 'screenshots');
const logsDir = path.join(resultsDir, 'e2e');
const integrationDir = path.resolve(process.env.E2E_INTEGRATION_DIR || INTEGRATION_OUT_DIR);
const uiDir = path.resolve(process.env.E2E_UI_DIR || path.join(PROJECT_ROOT, 'test', 'e2e', 'ui'));

const started = Date.now();
const seconds = (from = started) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const summary = [];
let passed = 0;
let failed = 0;
const servers = new Set();
let runDir;

function record(name, p, f, ms, note = '') {
  passed += p;
  failed += f;
  summary.push(`  ${f ? 'FAIL' : 'ok  '} ${name}: ${p} passed, ${f} failed (${(ms / 1000).toFixed(1)} s)${note ? ` ${note}` : ''}`);
}

async function cleanup() {
  await Promise.all([...servers].map(s => s.stop()));
  servers.clear();
  if (!runDir) return;
  if (keep) console.log(`e2e: kept ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true });
}

function finish(code) {
  console.log(`\ne2e summary (${seconds()}):`);
  for (const line of summary) console.log(line);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

async function startServer(label, options) {
  const t = Date.now();
  const server = await startCodeServer({ runDir: path.join(runDir, label), ...options });
  servers.add(server);
  console.log(`code-server for ${label}${options.trusted === false ? ' (workspace trust on, folder not trusted)' : ''} at ${server.baseUrl} in ${seconds(t)}`);
  return server;
}

async function stopServer(server, label) {
  await server.stop();
  servers.delete(server);
  mkdirSync(logsDir, { recursive: true });
  if (existsSync(server.logFile)) copyFileSync(server.logFile, path.join(logsDir, `code-server-${label}.log`));
}

/** A fresh copy of the sample repository (made once per run) at dest. */
function sampleCopy(template, dest) {
  cpSync(template, dest, { recursive: true });
  return dest;
}

/**
 * One integration suite in its own code-server; counts from the results file test/integration/index.ts writes.
 * Every git the suite's extension host starts goes through a recording wrapper (test/e2e/gitRecorder.mjs; the tests
 * find its log in E2E_GIT_LOG), and VS Code's own git extension is switched off so that it adds no calls of its own.
 */
async function integrationSuite({ name, tests, folder, workspace, trusted = true }) {
  const t = Date.now();
  console.log(`\n--- integration suite: ${name} (${path.relative(PROJECT_ROOT, tests)})`);
  const results = path.join(runDir, `results-${name}`);
  const recorder = makeGitRecorder(path.join(runDir, `git-${name}`));
  let server;
  try {
    server = await startServer(name, {
      trusted,
      env: { E2E_RESULTS_DIR: results, ...recorder.env },
      pathPrepend: [recorder.bin],
      settings: { 'git.enabled': false },
    });
    const { exitCode } = await runExtensionHostTests({
      baseUrl: server.baseUrl,
      folder,
      workspace,
      extensionTestsPath: tests,
      runDir: path.join(runDir, name),
      timeoutMs: suiteTimeoutMs,
      print: line => console.log(`  ${line}`),
    });
    const file = path.join(results, `${path.basename(path.dirname(tests))}.json`);
    const r = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    if (!r && exitCode === 0) record(name, 1, 0, Date.now() - t, '(no results file: counted as one test; use runFolder() from test/integration/index.ts)');
    else if (!r) record(name, 0, 1, Date.now() - t, `(exit code ${exitCode}, no results file: the suite did not run to the end)`);
    else record(name, r.passes, r.failures + (exitCode !== 0 && r.failures === 0 ? 1 : 0), Date.now() - t, r.pending ? `(${r.pending} pending)` : '');
  } catch (e) {
    console.log(`  ${e.stack || e}`);
    record(name, 0, 1, Date.now() - t, '(harness error)');
  } finally {
    if (server) await stopServer(server, name);
  }
}

/** What a UI test receives. */
function makeContext({ page, context, browser, server, workspace, file }) {
  const extensionPath = uiMode === 'installed' ? null : PROJECT_ROOT;
  const wb = bindWorkbench(page, { baseUrl: server.baseUrl, folder: workspace, screenshotsDir, codeServer: server, extensionPath });
  return {
    page,
    context,
    browser,
    baseUrl: server.baseUrl,
    workspace, // this test's own copy of the sample repository (Alex Rivera's payments service)
    screenshotsDir,
    codeServer: server, // { baseUrl, settingsFile, updateSettings(), readSettings(), log(), ... }
    extensionPath: PROJECT_ROOT,
    uiMode, // 'dev' | 'installed'
    extensionId: EXTENSION_ID,
    assert, // node:assert/strict
    wb, // workbench helpers bound to this page: wb.open(), wb.runCommand('Growth: Log a Win'), wb.openGrowthPanel()...
    ...wb, // (also spread, so ctx.runCommand(...) works)
    /** Opens the workbench on this test's workspace with the extension loaded (options: see openWorkbench). */
    openWorkbench: (o = {}) => wb.open(o),
    /** The workbench on this test's workspace, the review period set to all history, the panel open and showing `waitFor`. */
    openPanelOnAllHistory: async (waitFor = '[data-testid="summary"]') => {
      await wb.open();
      await wb.runCommand('Growth: Set Review Period');
      await wb.pickQuickItem('All history');
      return wb.openGrowthPanel({ waitFor, timeout: 60_000 });
    },
    screenshot: name => screenshot(page, screenshotsDir, name),
    log: (...a) => console.log('    ', ...a),
    name: path.basename(file, '.mjs'),
  };
}

async function uiTests(template) {
  const files = existsSync(uiDir)
    ? readdirSync(uiDir)
        .filter(f => f.endsWith('.mjs'))
        .sort()
    : [];
  const selected = files.filter(f => filters.length === 0 || filters.some(x => f.includes(x)));
  if (selected.length === 0) return;
  console.log(
    `\n--- UI tests: ${selected.length} file(s) in ${path.relative(PROJECT_ROOT, uiDir)} (extension ${uiMode === 'installed' ? 'installed in place' : 'loaded as a development extension'})`,
  );
  mkdirSync(screenshotsDir, { recursive: true });
  for (const f of readdirSync(screenshotsDir)) if (f.startsWith('FAILED-')) rmSync(path.join(screenshotsDir, f)); // from earlier runs
  if (!['dev', 'installed'].includes(uiMode)) throw new Error(`E2E_UI_MODE must be dev or installed, not ${uiMode}`);
  const server = await startServer('ui', { linkExtension: uiMode === 'installed' ? PROJECT_ROOT : undefined });
  const initialSettings = readFileSync(server.settingsFile, 'utf8');
  const browser = await launchBrowser({ runDir: path.join(runDir, 'ui') });
  try {
    for (const [i, file] of selected.entries()) {
      const t = Date.now();
      const name = path.basename(file, '.mjs');
      console.log(`  ${name}`);
      writeFileSync(server.settingsFile, initialSettings); // every test starts from the same user settings
      const workspace = sampleCopy(template, path.join(runDir, 'ui', `w${i}`, 'payments'));
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', e => pageErrors.push(e.message));
      page.on('console', m => verbose && console.log(`     [browser ${m.type()}] ${m.text().slice(0, 300)}`));
      let timer;
      try {
        const mod = await import(pathToFileURL(path.join(uiDir, file)).href);
        if (typeof mod.default !== 'function') throw new Error(`${file} must export default async function (ctx)`);
        const limit = Number(mod.timeout ?? uiTimeoutMs);
        await Promise.race([
          mod.default(makeContext({ page, context, browser, server, workspace, file })),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${limit} ms`)), limit);
          }),
        ]);
        record(`ui ${name}`, 1, 0, Date.now() - t);
      } catch (e) {
        console.log(`    FAILED: ${(e && e.stack) || e}`);
        if (pageErrors.length) console.log(`    page errors:\n      ${pageErrors.slice(-10).join('\n      ')}`);
        const shot = await screenshot(page, screenshotsDir, `FAILED-${name}`).catch(() => undefined);
        if (shot) console.log(`    screenshot: ${path.relative(PROJECT_ROOT, shot)}`);
        record(`ui ${name}`, 0, 1, Date.now() - t);
      } finally {
        clearTimeout(timer);
        await context.close().catch(() => {});
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await stopServer(server, 'ui');
  }
}

async function main() {
  const missing = missingPrerequisites();
  if (missing.length) {
    for (const m of missing) console.log(`e2e: ${m}`);
    summary.push('  FAIL prerequisites');
    failed++;
    finish(1);
  }
  runDir = mkdtempSync(path.join(process.env.E2E_TMP || os.tmpdir(), 'gle2e-'));
  const t = Date.now();
  const template = (await makeSampleRepo(path.join(runDir, 'sample', 'payments'))).dir;
  console.log(`sample repository in ${seconds(t)}`);

  if (runIntegration) {
    if (!process.env.E2E_INTEGRATION_DIR) await buildIntegrationTests();
    await integrationSuite({
      name: 'integration',
      tests: path.join(integrationDir, 'index.js'),
      folder: sampleCopy(template, path.join(runDir, 'i', 'payments')),
    });
    const multi = path.join(integrationDir, 'multiRoot', 'index.js');
    if (existsSync(multi)) {
      const m = path.join(runDir, 'm');
      sampleCopy(template, path.join(m, 'payments'));
      await makeSecondRepo(path.join(m, 'payments-web'));
      mkdirSync(path.join(m, 'scratch'), { recursive: true });
      writeFileSync(path.join(m, 'scratch', 'notes.md'), '# Not a git repository\n');
      const workspace = path.join(m, 'multi.code-workspace');
      writeFileSync(workspace, JSON.stringify({ folders: [{ path: 'payments' }, { path: 'payments-web' }, { path: 'scratch' }], settings: {} }, null, 2));
      await integrationSuite({ name: 'multiRoot', tests: multi, workspace });
    }
    const outside = path.join(integrationDir, 'outsideRepos', 'index.js');
    if (existsSync(outside)) {
      // The workspace is o/payments; growthLedger.repositories (set by the test) names o/elsewhere, holding the web
      // app and an empty repository; the workspace's own settings name o/sneaky, which must never be read.
      const o = path.join(runDir, 'o');
      const folder = sampleCopy(template, path.join(o, 'payments'));
      await makeSecondRepo(path.join(o, 'elsewhere', 'payments-web'));
      mkdirSync(path.join(o, 'elsewhere', 'team', 'empty'), { recursive: true });
      execFileSync('git', ['init', '-q', path.join(o, 'elsewhere', 'team', 'empty')]);
      await makeSecondRepo(path.join(o, 'sneaky', 'web'));
      mkdirSync(path.join(folder, '.vscode'), { recursive: true });
      writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'growthLedger.repositories': [path.join(o, 'sneaky')] }, null, 2));
      await integrationSuite({ name: 'outsideRepos', tests: outside, folder });
    }
    const untrusted = path.join(integrationDir, 'untrusted', 'index.js');
    if (existsSync(untrusted))
      await integrationSuite({ name: 'untrusted', tests: untrusted, folder: sampleCopy(template, path.join(runDir, 'u', 'payments')), trusted: false });
    const many = path.join(integrationDir, 'manyRepos', 'index.js');
    if (existsSync(many)) {
      const t0 = Date.now();
      const { workspace } = makeManyRepos(path.join(runDir, 'n'), { count: 50 });
      console.log(`\n50 repositories in ${seconds(t0)}`);
      await integrationSuite({ name: 'manyRepos', tests: many, workspace });
    }
    // One generated history for the suites that need a long one: a responsive host while scanning, cancelled scans.
    const largeSuites = ['largeHistory', 'largeRepo']
      .map(name => ({ name, tests: path.join(integrationDir, name, 'index.js') }))
      .filter(s => existsSync(s.tests));
    if (largeSuites.length) {
      const t0 = Date.now();
      const { dir, commits } = await generateHistory(path.join(runDir, 'l', 'big'), { commits: LARGE_HISTORY_COMMITS });
      console.log(`\na history of ${commits} commits in ${seconds(t0)}`);
      for (const suite of largeSuites) await integrationSuite({ ...suite, folder: dir });
    }
  }
  if (runUi) await uiTests(template);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.log(`\ne2e: ${signal}, stopping`);
    await cleanup();
    summary.push(`  FAIL interrupted (${signal})`);
    failed++;
    finish(130);
  });
}
const watchdog = setTimeout(async () => {
  console.log(`\ne2e: the whole run took longer than ${totalTimeoutMs} ms, stopping`);
  await cleanup();
  summary.push('  FAIL timed out');
  failed++;
  finish(1);
}, totalTimeoutMs);

try {
  await main();
} catch (e) {
  console.log(`e2e: harness error: ${(e && e.stack) || e}`);
  summary.push('  FAIL harness error');
  failed++;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
finish();
