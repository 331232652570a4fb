#!/usr/bin/env node
// `npm run package`: growth-ledger.vsix for the Marketplace or `code --install-extension`. Builds the minified
// bundles, the packaged README (scripts/packageReadme.mjs), then runs vsce and fails on any warning it prints, so a
// package that would draw a complaint on upload is never made quietly. Prints the package's size.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, { capture = false } = {}) => {
  const r = spawnSync(args[0], args.slice(1), { cwd: root, encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
  if (capture) process.stdout.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) {
    console.error(`package: ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
};

run([process.execPath, 'scripts/build.mjs', '--production']);
run([process.execPath, 'scripts/packageReadme.mjs']);
// No repository to rewrite relative links against: the packaged README has none left (its images are inline).
const output = run(
  [
    path.join(root, 'node_modules', '.bin', 'vsce'),
    'package',
    '--no-dependencies',
    '--no-rewrite-relative-links',
    '--allow-missing-repository',
    '--readme-path',
    'dist/README.md',
    '-o',
    'growth-ledger.vsix',
  ],
  { capture: true },
);
const warnings = output.split('\n').filter(line => /warn/i.test(line));
if (warnings.length) {
  console.error(`package: vsce warned:\n  ${warnings.join('\n  ')}`);
  process.exit(1);
}
const bytes = statSync(path.join(root, 'growth-ledger.vsix')).size;
console.log(`growth-ledger.vsix: ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes)`);
