#!/usr/bin/env node
// Renders media/icon.svg into media/icon.png (128x128, the Marketplace icon) with the Chromium the UI tests use, so
// no image tool is needed. Run it after changing the SVG and commit both: `node scripts/renderIcon.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/e2e/browser.mjs';
import { PROJECT_ROOT } from '../test/e2e/codeServer.mjs';

const SIZE = 128;
const svg = readFileSync(path.join(PROJECT_ROOT, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  // The SVG alone, as an image on a transparent page: its rounded corners stay transparent in the PNG.
  await page.setContent(
    `<!DOCTYPE html><html><body style="margin:0;background:transparent"><img width="${SIZE}" height="${SIZE}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`,
  );
  await page.locator('img').evaluate(img => img.decode());
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  const out = path.join(PROJECT_ROOT, 'media', 'icon.png');
  writeFileSync(out, png);
  console.log(`${path.relative(process.cwd(), out)}: ${SIZE}x${SIZE}, ${png.length} bytes`);
} finally {
  await browser.close();
}
