// Curating the packet from the panel: pin one item of "Reviews teammates' changes", hide another, write the
// statement in its file, then export: the statement and the pinned item lead that expectation, the hidden item is
// nowhere in the packet (it still counts), and Copy Self-Review puts the same story on the clipboard.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const EXPECTATION = 'mid.review';
const STATEMENT = 'I review most changes to billing and land outside patches myself.';

export default async function (ctx) {
  const { assert } = ctx;
  const panel = await ctx.openPanelOnAllHistory();

  await panel.locator(`[data-testid="expectation-toggle-${EXPECTATION}"]`).click();
  const items = panel.locator(`[data-testid="expectation-${EXPECTATION}"] [data-testid="evidence-item"]`);
  await items.nth(4).waitFor();
  // Pin one that ranking would not put first (an older item), and hide another.
  const pinned = await items.nth(4).getAttribute('data-commit');
  const hidden = await items.nth(1).getAttribute('data-commit');
  assert.match(pinned, /^[0-9a-f]{40}$/);
  assert.notStrictEqual(pinned, hidden);

  const item = sha => panel.locator(`[data-testid="expectation-${EXPECTATION}"] [data-testid="evidence-item"][data-commit="${sha}"]`).first();
  await item(pinned).hover();
  await panel.locator(`[data-testid="expectation-${EXPECTATION}"] [data-testid="pin-${pinned}"]`).first().click();
  await ctx.until(async () => (await item(pinned).getAttribute('data-pinned')) === 'true', 'the item shows as pinned');
  await item(hidden).hover();
  await panel.locator(`[data-testid="expectation-${EXPECTATION}"] [data-testid="hide-${hidden}"]`).first().click();
  await ctx.until(async () => (await item(hidden).getAttribute('data-hidden')) === 'true', 'the item shows as hidden');
  assert.match(await item(hidden).innerText(), /hidden from the packet/);
  assert.strictEqual(
    await panel.locator(`[data-testid="expectation-${EXPECTATION}"] [data-testid="pin-${pinned}"]`).first().getAttribute('aria-pressed'),
    'true',
  );
  await ctx.scrollIntoView(item(pinned));
  await ctx.screenshot('curate-pinned-and-hidden');

  const file = path.join(ctx.workspace, '.growth', 'statements', `${EXPECTATION}.md`);
  const written = readFileSync(file, 'utf8');
  assert.match(written, new RegExp(`pinned: \\[ ${pinned} \\]\\nhidden: \\[ ${hidden} \\]`));

  // "Write Statement" opens the file with the cursor after the front matter; type the statement and save.
  await panel.locator(`[data-testid="write-statement-${EXPECTATION}"]`).click();
  await ctx.waitForEditorTab(`${EXPECTATION}.md`);
  await ctx.page.locator('.part.editor .monaco-editor textarea').first().focus();
  await ctx.page.keyboard.type(STATEMENT);
  await ctx.page.keyboard.press('Control+S');
  await ctx.until(() => readFileSync(file, 'utf8').includes(STATEMENT), 'the statement saved');
  await ctx.until(
    async () => (await panel.locator(`[data-testid="statement-${EXPECTATION}"]`).innerText()).includes(STATEMENT),
    'the panel shows the statement',
    // A saved statement refreshes the panel through the file watcher and a new scan: on a loaded machine that can
    // take longer than the usual wait.
    { timeout: 90_000 },
  );
  await ctx.screenshot('curate-statement');

  await ctx.runCommand('Growth: Export Promotion Packet');
  await ctx.pickQuickItem('Markdown');
  const packets = path.join(ctx.workspace, '.growth', 'packets');
  const md = await ctx.until(() => existsSync(packets) && readdirSync(packets).find(f => f.endsWith('.md')), 'the Markdown packet');
  const text = readFileSync(path.join(packets, md), 'utf8');
  const section = text.split('### Reviews teammates’ changes (mid-level)')[1].split('\n### ')[0];
  const [statementLine, , firstItem] = section.split('\n').slice(2);
  assert.strictEqual(statementLine, STATEMENT, 'the statement opens the expectation');
  assert.ok(firstItem.includes(`[\`${pinned.slice(0, 7)}\`]`), `the pinned item leads: ${firstItem}`);
  assert.ok(!text.includes(hidden.slice(0, 7)), 'the hidden item is nowhere in the packet');
  assert.match(text, /## Highlights\n\n1\. \*\*/);
  await ctx.waitForEditorTab('Preview');
  // The preview renders the packet: page one's highlights as an ordered list, the statement as a paragraph.
  const preview = await ctx.webviewFrame({ extensionId: 'vscode.markdown-language-features', waitFor: 'ol li strong', timeout: 30_000 });
  assert.ok((await preview.locator('p', { hasText: STATEMENT }).count()) >= 1, 'the statement renders as text');
  await ctx.screenshot('curate-packet-preview');

  await ctx.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.baseUrl });
  await ctx.runCommand('Growth: Copy Self-Review');
  await ctx.waitForNotification('Copied the self-review');
  const clip = await ctx.page.evaluate(() => navigator.clipboard.readText());
  const block = clip.split('\n\n').find(b => b.startsWith('Reviews teammates’ changes'));
  assert.ok(block, 'the self-review has the expectation');
  assert.ok(block.includes(STATEMENT) && block.includes(pinned.slice(0, 7)), block);
  for (const b of clip.split('\n\n')) assert.ok(b.length <= 1500, `each block fits the review form: ${b.length}`);
  await ctx.screenshot('curate-self-review-copied');
}
