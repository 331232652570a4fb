#!/usr/bin/env node
// The integration suite (test/integration/index.ts, compiled first by test/integration/build.mjs) in desktop VS Code,
// through @vscode/test-electron 2.5.x.
// It downloads VS Code (needs internet access to update.code.visualstudio.com) into node_modules/.cache/vscode-test;
// `npm test` runs the same suite offline in code-server instead. Not used by CI.
//
//   npm run build && node test/integration/runElectron.mjs   (Linux without a display: runs itself under xvfb-run -a)
// Env: VSCODE_VERSION (default 1.100.3, the VS Code the project targets; the smoke test checks 1.100.x),
//      E2E_KEEP=1 keeps the temp folder with the sample repository and VS Code's user data.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { makeSampleRepo } from '../../scripts/makeSampleRepo.mjs';
import { buildIntegrationTests } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = process.env.VSCODE_VERSION || '1.100.3';
const say = line => console.log(`runElectron: ${line}`);

if (!existsSync(path.join(root, 'dist', 'extension.js'))) {
  say('the extension is not built: run `npm run build` first');
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  // Desktop VS Code needs a display: use a virtual one when xvfb-run is there.
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (r.error) {
    say('desktop VS Code needs a display and xvfb-run is not installed: apt-get install xvfb, or run it where there is a display');
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(root, 'node_modules', '.cache', 'vscode-test'), timeout: 30_000 });
} catch (e) {
  say(
    `could not download VS Code ${version} (${String((e && e.message) || e).split('\n')[0]}); this script needs internet access, \`npm test\` runs the same suite offline in code-server`,
  );
  process.exit(1);
}

// Short: VS Code creates unix sockets under its user data folder.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'glel-'));
let code = 1;
try {
  const tests = await buildIntegrationTests();
  const sample = await makeSampleRepo(path.join(tmp, 'payments'));
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(tests, 'index.js'),
    launchArgs: [
      sample.dir,
      '--user-data-dir',
      path.join(tmp, 'ud'),
      '--extensions-dir',
      path.join(tmp, 'exts'),
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      '--disable-updates',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), // Electron refuses to run as root otherwise
    ],
    extensionTestsEnv: { E2E_RESULTS_DIR: path.join(tmp, 'results') },
  });
} catch (e) {
  say(`the tests did not run to the end: ${(e && e.message) || e}`);
  code = typeof e === 'number' ? e : 1;
} finally {
  if (process.env.E2E_KEEP) say(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
