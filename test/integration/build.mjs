// Compiles the integration tests (TypeScript, test/integration/**/*.ts) for the extension host, which loads plain
// CommonJS: each file on its own, not bundled, so that every suite's index.js and *.test.js files keep sharing one
// index.js (one mocha, one reporter) and `__dirname` is the compiled suite's folder. The output replaces the last one
// whole, so a deleted test cannot linger. Type checking is `tsc -p test/integration`; esbuild only strips the types.
//   import { buildIntegrationTests } from '../integration/build.mjs';  const dir = await buildIntegrationTests();
//   node test/integration/build.mjs
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = path.join(root, 'test', 'integration');
/** Where the compiled suites are: the folder runAll.mjs and the runners give the extension host. */
export const INTEGRATION_OUT_DIR = path.join(root, 'dist', 'test', 'integration');

/** @returns {Promise<string>} INTEGRATION_OUT_DIR, once every test is compiled into it */
export async function buildIntegrationTests() {
  const entryPoints = readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map(f => path.join(source, f));
  rmSync(INTEGRATION_OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: INTEGRATION_OUT_DIR,
    outbase: source,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return INTEGRATION_OUT_DIR;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(path.relative(root, await buildIntegrationTests()));
}
