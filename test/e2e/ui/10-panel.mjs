// The Growth panel on the sample repository: real evidence, an expectation expanded, a commit opened in the diff
// view, and screenshots in the dark, light and high-contrast themes.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export default async function (ctx) {
  const { assert } = ctx;
  const panel = await ctx.openPanelOnAllHistory();

  const summary = await panel.locator('[data-testid="summary"]').innerText();
  assert.match(summary, /\d+/, 'the summary shows counts');
  const expectations = panel.locator('[data-testid^="expectation-"]:not([data-testid^="expectation-toggle-"])');
  assert.ok((await expectations.count()) >= 14, 'mid-level and senior expectations are listed');
  assert.match(await panel.locator('[data-testid="ownership"]').innerText(), /src\/billing\//, 'the area Alex mainly built');
  assert.match(await panel.locator('[data-testid="mentoring"]').innerText(), /Nia Okafor/, 'a person Alex mentored');
  assert.match(await panel.locator('[data-testid="reviews"]').innerText(), /Reviewed-by/);

  await ctx.setTheme('dark');
  await ctx.waitForWebviewTheme(panel, 'dark');
  await ctx.screenshot('panel-dark');
  const sidebar = ctx.page.locator('.part.sidebar');
  const dark = path.join(ctx.screenshotsDir, 'sidebar-dark.png');
  await sidebar.screenshot({ path: dark });

  // Expand "Shapes the team's work through review" and open its newest commit in the diff view.
  await panel.locator('[data-testid="expectation-toggle-senior.review"]').click();
  const item = panel.locator('[data-testid="expectation-senior.review"] [data-testid="evidence-item"]').first();
  await item.waitFor();
  const sha = await item.getAttribute('data-commit');
  assert.match(sha, /^[0-9a-f]{40}$/);
  await ctx.screenshot('panel-expanded');
  await item.click();
  await ctx.waitForEditorTab(sha.slice(0, 7), { timeout: 30_000 });
  await ctx.page.locator('.part.editor .view-lines .view-line').first().waitFor({ timeout: 30_000 });
  await ctx.screenshot('commit-diff');

  await ctx.setTheme('light');
  await ctx.waitForWebviewTheme(panel, 'light');
  await ctx.screenshot('panel-light');
  const light = path.join(ctx.screenshotsDir, 'sidebar-light.png');
  await sidebar.screenshot({ path: light });
  await ctx.setTheme('high-contrast');
  await ctx.waitForWebviewTheme(panel, 'high-contrast');
  await ctx.screenshot('panel-high-contrast');

  // The README shows these (UPDATE_README_SCREENSHOTS=1 refreshes them).
  const images = path.join(ctx.extensionPath, 'docs', 'images');
  if (process.env.UPDATE_README_SCREENSHOTS) {
    mkdirSync(images, { recursive: true });
    copyFileSync(dark, path.join(images, 'panel-dark.png'));
    copyFileSync(light, path.join(images, 'panel-light.png'));
  }
}
