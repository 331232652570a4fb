#!/usr/bin/env node
// `npm run demo`: Growth Ledger in a real VS Code (code-server 4.100.3) in your browser, on the sample repository or
// on a folder of your own.
// Installs nothing: it expects `bash scripts/install-code-server.sh` and `npm run build` to have run, and says so if
// not. The sample repository (a payments service where you are Alex Rivera) is made in .sample/payments the first
// time. The extension is loaded from this folder, in place: after `npm run build` (or `npm run watch`), reload the
// browser window to pick up the change. Ctrl-C stops code-server; its temporary user data is removed.
//
//   npm run demo                  http://127.0.0.1:8080/ (or $PORT; a free port when that one is taken)
//   npm run demo -- --fresh       remake .sample/payments first (your logged wins there are lost)
//   npm run demo -- --folder PATH open PATH instead (absolute, or relative to where you run it): your own repository;
//                                 its notes go where growthLedger.notesFolder says (.growth/ in it by default)
//   DEMO_EXIT_AFTER_READY=1       exit 0 as soon as the workbench answers (CI: the quick start works)
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ME, makeSampleRepo } from './makeSampleRepo.mjs';
import { PROJECT_ROOT, freePort, isPortFree, missingPrerequisites, sleep, startCodeServer } from '../test/e2e/codeServer.mjs';

const root = PROJECT_ROOT;
const sample = path.join(root, '.sample', 'payments');
const exitAfterReady = !!process.env.DEMO_EXIT_AFTER_READY;
const usage = 'usage: npm run demo [-- --fresh | --folder PATH]   (env: PORT, DEMO_EXIT_AFTER_READY=1)';
const args = process.argv.slice(2);
let folderArg;
let fresh = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--help' || a === '-h') {
    console.log(usage);
    process.exit(0);
  } else if (a === '--fresh') fresh = true;
  else if (a === '--folder' || a.startsWith('--folder=')) {
    folderArg = a === '--folder' ? args[++i] : a.slice('--folder='.length);
    if (!folderArg) {
      console.error(`--folder needs a path\n${usage}`);
      process.exit(2);
    }
  } else {
    console.error(`unknown option ${a}\n${usage}`);
    process.exit(2);
  }
}
if (folderArg && fresh) {
  console.error('--fresh remakes the sample repository; it does not go with --folder');
  process.exit(2);
}
// npm runs scripts from the package's folder; INIT_CWD is where `npm run demo` was typed, which a relative path means.
const folder = folderArg ? path.resolve(process.env.INIT_CWD || process.cwd(), folderArg) : sample;
if (folderArg) {
  let stat;
  try {
    stat = statSync(folder);
  } catch {
    console.error(`--folder ${folderArg}: ${folder} does not exist`);
    process.exit(2);
  }
  if (!stat.isDirectory()) {
    console.error(`--folder ${folderArg}: ${folder} is not a folder`);
    process.exit(2);
  }
}

const missing = missingPrerequisites({ needBrowser: false });
if (missing.length) {
  console.error('The demo needs:');
  for (const m of missing) console.error(`  - ${m}`);
  process.exit(1);
}

if (!folderArg && (fresh || !existsSync(path.join(sample, '.git')))) {
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
  // code-server runs with a HOME of its own; on your own repository, git should still know you from your global
  // config (user.email), so it is named explicitly.
  const globalGitConfig = [
    path.join(os.homedir(), '.gitconfig'),
    path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'git', 'config'),
  ].find(f => existsSync(f));
  const env = folderArg && globalGitConfig && !process.env.GIT_CONFIG_GLOBAL ? { GIT_CONFIG_GLOBAL: globalGitConfig } : {};
  server = await startCodeServer({ runDir, folder, port, linkExtension: PROJECT_ROOT, env });
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
  Growth Ledger ${version} demo in VS Code 1.100 (code-server), on ${folderArg ? folder : path.relative(process.cwd(), sample) || sample}

      open  ${url}

  ${folderArg ? 'You are whoever git says you are there (user.email); add other addresses with "Growth: Add Email Alias".' : `You are ${ME.name} <${ME.email}>.`} Click the Growth Ledger icon in the activity bar, or run
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
