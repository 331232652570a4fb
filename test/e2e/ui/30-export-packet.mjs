// "Growth: Export Promotion Packet" from the palette: Markdown opens in the preview, HTML in an editor.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export default async function (ctx) {
  const { assert } = ctx;
  await ctx.openWorkbench();
  await ctx.openGrowthPanel({ waitFor: '[data-testid="summary"]', timeout: 60_000 });

  await ctx.runCommand('Growth: Export Promotion Packet');
  await ctx.pickQuickItem('Markdown');
  const packets = path.join(ctx.workspace, '.growth', 'packets');
  const md = await ctx.until(() => existsSync(packets) && readdirSync(packets).find(f => f.endsWith('.md')), 'the Markdown packet');
  const text = readFileSync(path.join(packets, md), 'utf8');
  assert.match(text, /^# Promotion packet: Alex Rivera/);
  assert.match(text, /## Senior expectations/);
  assert.match(text, /\[`[0-9a-f]{7}`\]\(https:\/\/github\.com\/acme\/payments\/commit\/[0-9a-f]{40}\)/);
  await ctx.waitForEditorTab('Preview');
  // The preview renders the packet, and has settled before the next export starts: once the second export's quick
  // pick closed before it could be picked, as if the preview, still loading, had taken the focus.
  const preview = await ctx.webviewFrame({ extensionId: 'vscode.markdown-language-features', waitFor: 'h1', timeout: 30_000 });
  assert.match(await preview.locator('h1').first().innerText(), /^Promotion packet: Alex Rivera/);
  await ctx.screenshot('packet-markdown-preview');

  await ctx.runCommand('Growth: Export Promotion Packet');
  await ctx.pickQuickItem('HTML');
  await ctx.waitForEditorTab('.html');
  const html = readdirSync(packets).find(f => f.endsWith('.html'));
  assert.match(readFileSync(path.join(packets, html), 'utf8'), /^<!DOCTYPE html>/);
}
