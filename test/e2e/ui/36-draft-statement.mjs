// Draft Statement from the panel in an editor with no language model (code-server has none): the notification says
// so and offers the template; choosing it writes the statement file, opens it, and the panel shows the draft. From
// the command palette it asks which expectation first.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const EXPECTATION = 'mid.review';
const NO_MODEL = 'No language model is available in this editor';

export default async function (ctx) {
  const { assert } = ctx;
  const panel = await ctx.openPanelOnAllHistory();
  const file = path.join(ctx.workspace, '.growth', 'statements', `${EXPECTATION}.md`);

  // From the palette: the expectations to choose from, and closing the pick does nothing.
  await ctx.runCommand('Growth: Draft Statement');
  const labels = await ctx.quickItems({ prompt: 'Which expectation is the statement for?' });
  assert.ok(
    labels.some(l => l.includes('Reviews teammates')),
    labels.join(' | '),
  );
  await ctx.closeQuickInput();

  await panel.locator(`[data-testid="expectation-toggle-${EXPECTATION}"]`).click();
  const draft = panel.locator(`[data-testid="draft-statement-${EXPECTATION}"]`);
  await draft.waitFor();
  await ctx.scrollIntoView(draft);
  await ctx.screenshot('draft-statement-button');
  await draft.click();
  await ctx.waitForNotification(NO_MODEL);
  await ctx.screenshot('draft-statement-no-model');
  assert.ok(!existsSync(file), 'nothing is written before the template is chosen');

  await ctx.clickNotificationButton(NO_MODEL, 'Write Template Draft');
  await ctx.waitForEditorTab(`${EXPECTATION}.md`);
  const text = await ctx.until(() => existsSync(file) && readFileSync(file, 'utf8'), 'the statement file');
  assert.match(text, /\n---\n\nReviews teammates’ changes: I have (shown|started to show) this over the whole history/);
  assert.match(text, /^- .+ \[[0-9a-f]{7}, \d{4}-\d{2}-\d{2}\]$/m);
  await ctx.until(
    async () => (await panel.locator(`[data-testid="statement-${EXPECTATION}"]`).innerText()).includes('I have'),
    'the panel shows the drafted statement',
    { timeout: 90_000 },
  );
  await ctx.screenshot('draft-statement-written');
}
