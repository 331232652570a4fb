// The one test command: lint, type checks, unit tests on real git repositories, the build, then the integration
// and UI tests in a real VS Code (code-server). Ends with one line "N passed, N failed" over every test run.
// SKIP_E2E=1 runs everything but the real-VS-Code part.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failures.push(name);
  return r;
}

/** Like step(), but streams the output live while keeping it, to read the final count from it. */
function streamedStep(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', status => {
      console.log(`=== ${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (status !== 0) failures.push(name);
      resolve({ status, stdout });
    });
  });
}

const bin = name => path.join(root, 'node_modules', '.bin', name);
step('lint', bin('eslint'), ['.']);
step('formatting (prettier --check)', bin('prettier'), ['--check', '.']);
step('typecheck', bin('tsc'), ['-p', '.', '--noEmit']);
if (existsSync(path.join(root, 'webview', 'tsconfig.json'))) step('typecheck webview', bin('tsc'), ['-p', 'webview', '--noEmit']);
step('typecheck integration tests', bin('tsc'), ['-p', 'test/integration', '--noEmit']);

const vitestJson = path.join(results, 'vitest.json');
step('unit tests (vitest, real git)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}

step('build', process.execPath, ['scripts/build.mjs']);

if (process.env.SKIP_E2E) console.log('\n=== real VS Code tests skipped (SKIP_E2E)');
else {
  const e2e = await streamedStep('integration and UI tests in a real VS Code', process.execPath, ['test/e2e/runAll.mjs']);
  const line = /^e2e: (\d+) passed, (\d+) failed/m.exec(e2e.stdout ?? '');
  if (line) {
    passed += Number(line[1]);
    failed += Number(line[2]);
  } else failed += 1;
}

// The Marketplace package: vsce with no warning, the icon, translations and inline README images inside it, and the
// .vsix installed into a code-server profile as a user would (one test).
const packaged = step('package (.vsix) and install it', 'bash', ['scripts/checkVsix.sh']);
if (packaged.status === 0) passed += 1;
else failed += 1;

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
