// "Growth: Log a Win" typed step by step in the command palette; the note lands on disk and in the panel.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export default async function (ctx) {
  const { page, assert } = ctx;
  await ctx.openWorkbench();
  const panel = await ctx.openGrowthPanel({ waitFor: '[data-testid="summary"]', timeout: 60_000 });

  await ctx.runCommand('Growth: Log a Win');
  await ctx.fillQuickInput('Negotiated the Q3 billing scope with finance', { prompt: 'What did you achieve?' });
  await ctx.fillQuickInput('Cut scope by a third and shipped on time', { prompt: 'What changed because of it?' });
  await ctx.waitForQuickInput('Which expectations does it support?');
  await ctx.screenshot('log-win-expectations');
  await ctx.pickQuickItem('Negotiates scope and resolves conflict');
  await ctx.acceptQuickInput();
  await ctx.waitForQuickInput('Which of your commits');
  await ctx.acceptQuickInput();
  await ctx.waitForNotification('Logged win: Negotiated the Q3 billing scope with finance');

  const wins = path.join(ctx.workspace, '.growth', 'wins');
  const file = readdirSync(wins).find(f => f.endsWith('-negotiated-the-q3-billing-scope-with-finance.md'));
  assert.ok(file, 'the note file is in .growth/wins');
  const text = await ctx.waitForFile(path.join(wins, file));
  assert.match(
    text,
    /^---\nid: .*\ndate: \d{4}-\d{2}-\d{2}\ntitle: Negotiated the Q3 billing scope with finance\nimpact: Cut scope by a third and shipped on time\nexpectations:\n  - senior\.negotiation\n/m,
  );

  // The panel picks it up: it is listed, and it demonstrates what git cannot see.
  await panel.locator('[data-testid="wins"] [data-testid="win-item"]', { hasText: 'Negotiated the Q3 billing scope' }).waitFor({ timeout: 30_000 });
  await ctx.until(
    async () => /1 of 1/.test(await panel.locator('[data-testid="expectation-senior.negotiation"]').innerText()),
    'the negotiation expectation to count the win',
  );
  await ctx.screenshot('log-win-panel');

  // The button in the panel starts the same flow.
  await panel.locator('[data-testid="log-win"]').first().click();
  await ctx.waitForQuickInput('What did you achieve?');
  await page.keyboard.press('Escape');
}
