// The panel is usable from the keyboard, and commit text written to attack it shows as text and runs nothing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const HOSTILE_DIR = '<img src=y onerror=window.__pwned=5>';
const HOSTILE_SUBJECT = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> [x](javascript:alert(3)) \u202Egnp.exe';

export default async function (ctx) {
  const { assert } = ctx;
  // Someone else's commit, reviewed by Alex, whose subject and author name try to inject markup into the panel. It is
  // the newest commit (the sample history ends a few days ago), so it is the first evidence of the reviews shown.
  const now = new Date().toISOString();
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Eve <b onmouseover=alert(4)>',
    GIT_AUTHOR_EMAIL: 'eve@example.com',
    GIT_COMMITTER_NAME: 'Eve',
    GIT_COMMITTER_EMAIL: 'eve@example.com',
    GIT_AUTHOR_DATE: now,
    GIT_COMMITTER_DATE: now,
  };
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', HOSTILE_SUBJECT, '-m', 'Reviewed-by: Alex Rivera <alex.rivera@example.com>'], {
    cwd: ctx.workspace,
    env,
  });
  // And a folder of Alex's whose name is markup, big enough to top the ownership list.
  mkdirSync(path.join(ctx.workspace, HOSTILE_DIR), { recursive: true });
  writeFileSync(path.join(ctx.workspace, HOSTILE_DIR, 'x.txt'), 'line\n'.repeat(5000));
  execFileSync('git', ['add', '--', HOSTILE_DIR], { cwd: ctx.workspace });
  execFileSync('git', ['commit', '-q', '-m', 'Add generated fixtures'], {
    cwd: ctx.workspace,
    env: {
      ...env,
      GIT_AUTHOR_NAME: 'Alex Rivera',
      GIT_AUTHOR_EMAIL: 'alex.rivera@example.com',
      GIT_COMMITTER_NAME: 'Alex Rivera',
      GIT_COMMITTER_EMAIL: 'alex.rivera@example.com',
    },
  });

  await ctx.openWorkbench();
  const panel = await ctx.openGrowthPanel({ waitFor: '[data-testid="summary"]', timeout: 60_000 });

  assert.match(await panel.locator('[data-testid="ownership"]').innerText(), /<img src=y onerror=window\.__pwned=5>\//, 'a folder name shows as text');

  // Keyboard: focus an expectation, open it with Enter, close it with Space.
  const toggle = panel.locator('[data-testid="expectation-toggle-senior.review"]');
  await toggle.focus();
  await toggle.press('Enter');
  await ctx.until(async () => (await toggle.getAttribute('aria-expanded')) === 'true', 'Enter to expand');
  const first = panel.locator('[data-testid="expectation-senior.review"] [data-testid="evidence-item"]').first();
  await first.waitFor();
  assert.match(await first.innerText(), /<img src=x onerror="window.__pwned=1">/, 'the subject shows as literal text');
  await ctx.scrollIntoView(first);
  await ctx.screenshot('hostile-text-escaped');
  await toggle.press(' ');
  await ctx.until(async () => (await toggle.getAttribute('aria-expanded')) === 'false', 'Space to collapse');

  // Nothing ran, and no element came from the commit text.
  const frame = await ctx.webviewContentFrame({ purpose: 'webviewView' });
  const probe = await frame.evaluate(() => ({
    pwned: window.__pwned,
    images: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].map(s => ({ src: s.getAttribute('src') ?? '', text: s.textContent ?? '' })),
    bold: document.querySelectorAll('b').length,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
  }));
  assert.strictEqual(probe.pwned, undefined, 'no script from commit text ran');
  assert.strictEqual(probe.images, 0);
  assert.strictEqual(probe.bold, 0);
  // The panel's own bundle, plus what VS Code itself injects into every webview; nothing from the commit.
  assert.ok(probe.scripts.some(s => s.src.endsWith('/dist/webview.js')));
  assert.ok(probe.scripts.every(s => !s.text.includes('__pwned') && !s.src.includes('javascript:')));
  assert.match(probe.csp, /default-src 'none'/);
  assert.match(probe.csp, /script-src 'nonce-[^']+'/);
  assert.doesNotMatch(probe.csp, /unsafe-inline|unsafe-eval/);
}
