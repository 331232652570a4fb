#!/usr/bin/env node
// `npm run demo`: Growth Ledger in a real VS Code (code-server 4.100.3) in your browser, on the sample repository.
// Installs nothing: it expects `bash scripts/install-code-server.sh` and `npm run build` to have run, and says so if
// not. The sample repository (a payments service where you are Alex Rivera) is made in .sample/payments the first
// time. The extension is loaded from this folder, in place: after `npm run build` (or `npm run watch`), reload the
// browser window to pick up the change. Ctrl-C stops code-server; its temporary user data is removed.
//
//   npm run demo                  http://127.0.0.1:8080/ (or $PORT; a free port when that one is taken)
//   npm run demo -- --fresh       remake .sample/payments first (your logged wins there are lost)
//   DEMO_EXIT_AFTER_READY=1       exit 0 as soon as the workbench answers (CI: the quick start works)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ME, makeSampleRepo } from './makeSampleRepo.mjs';
import { PROJECT_ROOT, freePort, isPortFree, missingPrerequisites, sleep, startCodeServer } from '../test/e2e/codeServer.mjs';

const root = PROJECT_ROOT;
const sample = path.join(root, '.sample', 'payments');
const exitAfterReady = !!process.env.DEMO_EXIT_AFTER_READY;
const args = process.argv.slice(2);
for (const a of args) {
  if (!['--fresh', '--help', '-h'].includes(a)) {
    console.error(`unknown option ${a}`);
    process.exit(2);
  }
}
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run demo [-- --fresh]   (env: PORT, DEMO_EXIT_AFTER_READY=1)');
  process.exit(0);
}

const missing = missingPrerequisites({ needBrowser: false });
if (missing.length) {
  console.error('The demo needs:');
  for (const m of missing) console.error(`  - ${m}`);
  process.exit(1);
}

if (args.includes('--fresh') || !existsSync(path.join(sample, '.git'))) {
  const r = await makeSampleRepo(sample, { force: true });
  console.log(
    `Made the sample repository ${path.relative(process.cwd(), r.dir) || '.'}: ${r.commits} commits by ${r.people} people, ${r.since} to ${r.until}.`,
  );
}

const wanted = Number(process.env.PORT || 8080);
let port = wanted;
if (!(await isPortFree(port))) {
  port = await freePort();
  console.log(`Port ${wanted} is taken; using ${port}.`);
}

const runDir = mkdtempSync(path.join(os.tmpdir(), 'gldemo-'));
let server;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server?.stop();
  rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  server = await startCodeServer({ runDir, folder: sample, port, linkExtension: PROJECT_ROOT });
} catch (e) {
  console.error(`code-server did not start: ${e.message}`);
  await stop(1);
}
const url = `${server.baseUrl}/`;
// The workbench page itself (not just /healthz) must answer before we send anyone there; / redirects to ?folder=.
async function workbenchAnswers() {
  try {
    const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(5000) });
    return res.status === 200 && (await res.text()).includes('workbench');
  } catch {
    return false;
  }
}
for (let i = 0; !(await workbenchAnswers()); i++) {
  if (i > 100) {
    console.error(`${url} does not serve the workbench; code-server log: ${server.logFile}`);
    await stop(1);
  }
  await sleep(100);
}
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
console.log(`
  Growth Ledger ${version} demo in VS Code 1.100 (code-server), on ${path.relative(process.cwd(), sample) || sample}

      open  ${url}

  You are ${ME.name} <${ME.email}>. Click the Growth Ledger icon in the activity bar, or run
  "Growth: Log a Win" from the command palette (F1). Rebuilt? Reload the browser tab.
  code-server log: ${server.logFile}
  Ctrl-C to stop.
`);

if (exitAfterReady) {
  console.log('DEMO_EXIT_AFTER_READY: the workbench answers; stopping.');
  await stop(0);
}
// Keep running until Ctrl-C; if code-server dies, say so and exit.
for (;;) {
  if (server.exited()) {
    console.error(`code-server exited; see ${server.logFile}:\n${server.log().split('\n').slice(-20).join('\n')}`);
    await stop(1);
  }
  await sleep(1000);
}
