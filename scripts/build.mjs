// Builds the bundles: the extension host code, the scan worker it starts for each analysis, the CLI, and the webview
// (browser).
// `--watch` rebuilds on change; `--production` minifies. Bundle sizes are printed from esbuild's metafile.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, metafile: true, logLevel: 'warning', absWorkingDir: root };
const builds = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { entryPoints: ['src/extension/scan/worker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', tsconfig: 'webview/tsconfig.json' },
].filter(b => existsSync(path.join(root, b.entryPoints[0])));

mkdirSync(path.join(root, 'dist'), { recursive: true });
const codicons = path.join(root, 'node_modules/@vscode/codicons/dist');
if (existsSync(codicons)) {
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(path.join(codicons, f), path.join(root, 'dist', f));
}

for (const options of builds) {
  const config = { ...common, ...options };
  if (watch) {
    const ctx = await esbuild.context(config);
    await ctx.watch();
    console.log(`watching ${options.entryPoints[0]}`);
  } else {
    const result = await esbuild.build(config);
    const bytes = result.metafile.outputs[options.outfile]?.bytes ?? 0;
    console.log(`${options.outfile.padEnd(20)} ${(bytes / 1024).toFixed(0).padStart(5)} KiB`);
  }
}
