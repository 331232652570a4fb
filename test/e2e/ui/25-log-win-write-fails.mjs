// "Growth: Log a Win" when the note cannot be written: where the wins folder should be there is a file (a sync tool
// or a stray copy put it there), so the write fails whoever runs it, root included. The user is told, in an error
// notification with the reason, and nothing on disk changes: not that file, not the rest of the notes folder.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under dir: its bytes, inode and modification time (a rewrite with the same bytes still shows). */
function snapshot(dir) {
  const out = {};
  for (const name of readdirSync(dir, { recursive: true }).sort()) {
    const file = path.join(dir, name);
    const st = statSync(file);
    out[name] = st.isDirectory() ? 'folder' : { bytes: readFileSync(file).toString('base64'), ino: st.ino, mtimeMs: st.mtimeMs };
  }
  return out;
}

export default async function (ctx) {
  const { page, assert } = ctx;
  const notes = path.join(ctx.workspace, '.growth');
  mkdirSync(path.join(notes, 'packets'), { recursive: true });
  // The user's own words, with CRLF line ends and non-ASCII text, so that any rewrite would show.
  const words =
    '---\r\ntitle: Mentored Nia through her first on-call week\r\ndate: 2026-03-02\r\n---\r\nShe ran the incident review herself, sans filet \u2014 \u00fcber gut.\r\n';
  writeFileSync(path.join(notes, 'wins'), words);
  writeFileSync(path.join(notes, 'packets', 'promotion-packet-2026-01-05.md'), '# Promotion packet: Alex Rivera\n\nSent to the committee.\n');
  const before = snapshot(notes);

  await ctx.openWorkbench();
  const panel = await ctx.openGrowthPanel({ waitFor: '[data-testid="summary"]', timeout: 60_000 });
  // Reading the notes fails too: the panel says so and still shows the evidence from git.
  assert.match(await panel.locator('[data-testid="problems"]').innerText(), /\.growth[\\/]wins/);

  await ctx.runCommand('Growth: Log a Win');
  await ctx.fillQuickInput('Ran the payments incident review', { prompt: 'What did you achieve?' });
  await ctx.fillQuickInput('Three follow-ups shipped the same week', { prompt: 'What changed because of it?' });
  await ctx.waitForQuickInput('Which expectations does it support?');
  await ctx.acceptQuickInput();
  await ctx.waitForQuickInput('Which of your commits');
  await ctx.acceptQuickInput();

  const toast = await ctx.waitForNotification('Could not save the win');
  const text = await toast.innerText();
  assert.ok(text.includes(`Could not save the win in ${notes} (`), text);
  assert.match(text, /Nothing was lost/);
  assert.ok(await toast.locator('.codicon-error').count(), 'shown as an error');
  // The screenshot shows the toast once it has slid in, beside the problem in the panel.
  await ctx.scrollIntoView(panel.locator('[data-testid="problems"]'));
  let last;
  await ctx.until(
    async () => {
      const box = JSON.stringify(await toast.boundingBox());
      const still = box === last;
      last = box;
      return still;
    },
    'the notification to settle',
    { interval: 200 },
  );
  await ctx.screenshot('log-win-write-fails');
  assert.strictEqual(await page.locator('.notifications-toasts .notification-toast', { hasText: 'Logged win' }).count(), 0, 'no success message');

  // Byte for byte as before, and nothing added (no note elsewhere, no temporary file).
  assert.deepStrictEqual(snapshot(notes), before);
  assert.strictEqual(readFileSync(path.join(notes, 'wins'), 'utf8'), words);
}
