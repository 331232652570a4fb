// The growth plan through the workbench: the empty Plan section, "Growth: Set a Goal" and "Growth: Record Feedback"
// typed step by step (with a wrong date refused first), both landing on disk and in the panel's Plan section, the
// growth-over-time grid, and screenshots in the dark and light themes.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export default async function (ctx) {
  const { page, assert } = ctx;
  const panel = await ctx.openPanelOnAllHistory('[data-testid="plan"]');

  // Before any plan: the section says how to start, and the first check-in is due.
  const plan = panel.locator('[data-testid="plan"]');
  await plan.locator('[data-testid="set-goal-empty"]').waitFor();
  await plan.locator('[data-testid="record-feedback-empty"]').waitFor();
  assert.match(await plan.locator('[data-testid="next-check-in"]').innerText(), /Your first check-in is due now/);
  const grid = panel.locator('[data-testid="trajectory-grid"]');
  assert.equal(await grid.locator('thead th').count(), 9, 'a name column and eight quarters');
  assert.ok((await grid.locator('td.cell-demonstrated, td.cell-partial').count()) > 0, 'the sample history shows growth in some quarter');

  // Set a Goal, from the palette, keyboard only.
  await ctx.runCommand('Growth: Set a Goal');
  await ctx.fillQuickInput('Become the go-to reviewer for billing', { prompt: 'What do you want to get good at?' });
  await ctx.waitForQuickInput('Which expectations will it grow?');
  await ctx.pickQuickItem('Shapes the team’s work through review');
  await ctx.acceptQuickInput();
  await ctx.fillQuickInput('2099-02-30', { prompt: 'By when?' });
  await ctx.waitForQuickInput('Type a date like 2027-06-30, or leave it empty');
  await ctx.screenshot('set-goal-bad-date');
  await ctx.fillQuickInput('2099-06-30', { prompt: 'Type a date like 2027-06-30' });
  await ctx.fillQuickInput('Review two billing changes a week; Land one teammate change', { prompt: 'Milestones on the way' });
  await ctx.fillQuickInput('Pair with Priya on reviews; read the billing ADRs', { prompt: 'How will you learn it?' });
  await ctx.waitForNotification('Goal set: Become the go-to reviewer for billing, due 2099-06-30.');

  const goals = path.join(ctx.workspace, '.growth', 'goals');
  const goalFile = readdirSync(goals).find(f => f.endsWith('-become-the-go-to-reviewer-for-billing.md'));
  assert.ok(goalFile, 'the goal is a file in .growth/goals');
  const goalText = await ctx.waitForFile(path.join(goals, goalFile));
  assert.match(
    goalText,
    /\ndue: 2099-06-30\nstatus: active\nexpectations:\n  - senior\.review\nmilestones:\n  - title: Review two billing changes a week\n    done: false\n  - title: Land one teammate change\n    done: false\n---\n\nPair with Priya on reviews; read the billing ADRs\n$/,
  );

  // Record Feedback, started from the Plan section's own button.
  await plan.locator('[data-testid="record-feedback-empty"]').click();
  await ctx.fillQuickInput('Priya Shah', { prompt: 'Who gave you the feedback?' });
  await ctx.fillQuickInput('Your <review> comments on the idempotency work taught the whole team', { prompt: 'What did they say?' });
  await ctx.pickQuickItem('Praise', { prompt: 'Was it praise or something to improve?' });
  await ctx.waitForQuickInput('Which expectations does it speak to?');
  await ctx.pickQuickItem('Shapes the team’s work through review');
  await ctx.acceptQuickInput();
  await ctx.waitForNotification('Recorded feedback from Priya Shah.');
  const feedbackDir = path.join(ctx.workspace, '.growth', 'feedback');
  const feedbackFile = readdirSync(feedbackDir).find(f => f.endsWith('-priya-shah.md'));
  assert.ok(feedbackFile, 'the feedback is a file in .growth/feedback');
  assert.match(
    await ctx.waitForFile(path.join(feedbackDir, feedbackFile)),
    /\nfrom: Priya Shah\nkind: praise\nexpectations:\n  - senior\.review\n---\n\nYour <review> comments/,
  );

  // The panel shows both: the goal with its due date and progress, the feedback as text (never markup).
  const goal = plan.locator('[data-testid="goal"]', { hasText: 'Become the go-to reviewer for billing' });
  await goal.waitFor({ timeout: 30_000 });
  assert.match(await goal.innerText(), /due (in [\d,]+ days|.*2099)/);
  assert.match(await goal.innerText(), /0 of 2 milestones done/);
  const feedback = plan.locator('[data-testid="feedback-item"]', { hasText: 'Priya Shah' });
  await feedback.waitFor({ timeout: 30_000 });
  assert.match(await feedback.innerText(), /Your <review> comments on the idempotency work/);
  assert.equal(await plan.locator('review').count(), 0, 'the feedback text is not markup');

  // A screenshot of the Plan section in each theme: the sidebar, scrolled to the section.
  const sidebar = page.locator('.part.sidebar');
  await ctx.scrollIntoView(plan, { timeout: 10_000 });
  await ctx.setTheme('dark');
  await ctx.waitForWebviewTheme(panel, 'dark');
  await page.mouse.move(0, 0);
  await sidebar.screenshot({ path: path.join(ctx.screenshotsDir, 'plan-dark.png') });
  await ctx.setTheme('light');
  await ctx.waitForWebviewTheme(panel, 'light');
  await page.mouse.move(0, 0);
  await sidebar.screenshot({ path: path.join(ctx.screenshotsDir, 'plan-light.png') });
  await ctx.scrollIntoView(panel.locator('[data-testid="trajectory"]'));
  await sidebar.screenshot({ path: path.join(ctx.screenshotsDir, 'trajectory-light.png') });
  await ctx.setTheme('dark');
  await ctx.waitForWebviewTheme(panel, 'dark');
  await page.mouse.move(0, 0);
  await sidebar.screenshot({ path: path.join(ctx.screenshotsDir, 'trajectory-dark.png') });

  // The status bar says how long since the last logged win.
  await page
    .locator('.statusbar-item', { hasText: /Last win (today|yesterday|\d+ days ago)|No wins logged yet/ })
    .first()
    .waitFor({ timeout: 30_000 });
}
