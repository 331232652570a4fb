// An axe-core audit of the Growth panel in the real workbench, in the dark, light and high-contrast themes: every
// section expanded and an expectation open, then with the Log a Win and Import Reviews steps open over it. Any
// serious or critical violation in the panel fails. The steps are VS Code's own quick input, audited too: a violation
// there fails unless it is one VS Code 1.100's widget has whatever an extension puts in it (WORKBENCH_OWN). Every
// violation found is written to test-results/a11y.json by theme and state, with counts by impact.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const timeout = 240_000;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const THEMES = ['dark', 'light', 'high-contrast'];
const FAILING = new Set(['serious', 'critical']);
/** What VS Code 1.100's quick input itself does, for any extension's items (rule id: why it is not ours to fix). */
const WORKBENCH_OWN = {
  'aria-progressbar-name': 'its busy bar (.quick-input-progress) has no name',
  'aria-allowed-attr': 'its list rows carry aria-level, which their role does not allow',
  'aria-prohibited-attr': 'its keybinding hint is a div with an aria-label',
  'label-content-name-mismatch': 'it renders a label and its description without a space between them',
  'color-contrast': "its theme's description colour on the light quick-input background is 4.4:1",
};

/** Runs axe in a frame (injected by the test through the debugging protocol, so the webview's CSP is untouched). */
async function audit(frame, include) {
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(
    async ({ include }) => {
      const result = await window.axe.run(include ? { include: [include] } : document, {
        resultTypes: ['violations'],
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
        count: v.nodes.length,
      }));
    },
    { include },
  );
}

export default async function (ctx) {
  const { assert, page } = ctx;
  const panel = await ctx.openPanelOnAllHistory();
  // Every section open, and one expectation with its evidence.
  for (const toggle of await panel.locator('.section-toggle[aria-expanded="false"]').all()) await toggle.click();
  await panel.locator('[data-testid="expectation-toggle-senior.review"]').click();
  await panel.locator('[data-testid="expectation-senior.review"] [data-testid="evidence-item"]').first().waitFor();
  const frame = await ctx.webviewContentFrame({ purpose: 'webviewView' });

  const report = [];
  const record = async (theme, state, violations, { workbench = false } = {}) => {
    report.push({ theme, state, workbench, violations });
    ctx.log(`${theme} / ${state}: ${violations.length ? violations.map(v => `${v.id} (${v.impact}, ${v.count})`).join(', ') : 'no violations'}`);
  };
  for (const theme of THEMES) {
    await ctx.setTheme(theme);
    await ctx.waitForWebviewTheme(panel, theme);
    await record(theme, 'panel expanded', await audit(frame));
    await ctx.screenshot(`a11y-${theme}`);

    await ctx.runCommand('Growth: Log a Win');
    await ctx.waitForQuickInput('What did you achieve?');
    await record(theme, 'Log a Win step 1 (panel)', await audit(frame));
    await record(theme, 'Log a Win step 1 (quick input)', await audit(page.mainFrame(), '.quick-input-widget'), { workbench: true });
    await ctx.closeQuickInput();

    await ctx.runCommand('Growth: Import Reviews…');
    await ctx.waitForQuickInput('Choose the file gh or glab wrote');
    await record(theme, 'Import Reviews (panel)', await audit(frame));
    await record(theme, 'Import Reviews (quick input)', await audit(page.mainFrame(), '.quick-input-widget'), { workbench: true });

    await ctx.closeQuickInput();
  }

  const dir = path.join(ctx.extensionPath, 'test-results');
  mkdirSync(dir, { recursive: true });
  const byImpact = report.map(r => ({
    theme: r.theme,
    state: r.state,
    workbench: r.workbench,
    ...Object.fromEntries(
      ['critical', 'serious', 'moderate', 'minor'].map(i => [i, r.violations.filter(v => v.impact === i).reduce((n, v) => n + v.count, 0)]),
    ),
  }));
  writeFileSync(path.join(dir, 'a11y.json'), JSON.stringify({ summary: byImpact, workbenchOwn: WORKBENCH_OWN, details: report }, null, 2));
  const failing = report.flatMap(r =>
    r.violations
      .filter(v => FAILING.has(v.impact) && !(r.workbench && WORKBENCH_OWN[v.id]))
      .map(v => `${r.theme} / ${r.state}: ${v.id} ${v.help} at ${v.nodes.map(n => n.target).join('; ')}`),
  );
  assert.deepEqual(failing, [], 'no serious or critical accessibility violation');
}
