// Keyboard only: with every section expanded and an expectation open, Tab walks through every action of the panel,
// each showing a visible focus indicator; every icon-only button and every status icon has a name a screen reader
// reads. (Enter and Space on the expectation toggles are in 40-keyboard-and-hostile-text.)

/** In the panel's frame: marks every visible actionable element with data-kb, and says how each is named. */
function markActions() {
  const visible = el => el.getClientRects().length > 0 && !el.closest('[hidden]');
  const actions = [
    ...document.querySelectorAll('button, vscode-button, vscode-toolbar-button, vscode-single-select, a[href], [tabindex]:not([tabindex="-1"])'),
  ].filter(visible);
  // The web components' own focusable part is inside them (its tabindex is theirs); the host is what Tab lands on.
  const unique = actions.filter(el => !actions.some(other => other !== el && other.contains(el)));
  unique.forEach((el, i) => el.setAttribute('data-kb', String(i)));
  const iconButtons = [...document.querySelectorAll('vscode-toolbar-button')].filter(visible);
  const statusIcons = [...document.querySelectorAll('.codicon[role="img"]')].filter(visible);
  return {
    count: unique.length,
    unnamedIconButtons: iconButtons
      .filter(b => !(b.getAttribute('label') || '').trim() || !(b.shadowRoot?.querySelector('button')?.getAttribute('aria-label') || '').trim())
      .map(b => b.outerHTML.slice(0, 120)),
    unnamedStatus: statusIcons.filter(i => !(i.getAttribute('aria-label') || '').trim()).map(i => i.outerHTML.slice(0, 120)),
  };
}

/**
 * In the panel's frame: which marked element has focus, and whether the focus shows: an outline or a ring on the
 * focused element, or (as VS Code's own dropdowns do) a part of a component drawn in the theme's focus border colour.
 */
function focused() {
  let el = document.activeElement;
  const host = el?.closest?.('[data-kb]');
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (!host || !el) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = !!s.boxShadow && s.boxShadow !== 'none';
  const probe = document.body.appendChild(document.createElement('span'));
  probe.style.color = 'var(--vscode-focusBorder)';
  const focusColour = getComputedStyle(probe).color;
  probe.remove();
  const bordered = [...(host.shadowRoot?.querySelectorAll('*') ?? [])].some(part => {
    const p = getComputedStyle(part);
    return p.borderTopStyle !== 'none' && parseFloat(p.borderTopWidth) > 0 && p.borderTopColor === focusColour;
  });
  const what = `${host.tagName.toLowerCase()} ${host.getAttribute('data-testid') ?? host.textContent?.trim().slice(0, 40) ?? ''}`;
  return { id: host.getAttribute('data-kb'), visible: outline || ring || bordered, what };
}

export default async function (ctx) {
  const { assert, page } = ctx;
  const panel = await ctx.openPanelOnAllHistory();
  // Open everything from the keyboard: each collapsed section's toggle, then one expectation, with Enter.
  for (const toggle of await panel.locator('.section-toggle[aria-expanded="false"]').all()) {
    await toggle.focus();
    await toggle.press('Enter');
  }
  const expectation = panel.locator('[data-testid="expectation-toggle-senior.review"]');
  await expectation.focus();
  await expectation.press('Enter');
  await panel.locator('[data-testid="expectation-senior.review"] [data-testid="evidence-item"]').first().waitFor();

  const frame = await ctx.webviewContentFrame({ purpose: 'webviewView' });
  const marked = await frame.evaluate(markActions);
  assert.deepEqual(marked.unnamedIconButtons, [], 'every icon-only button has a name');
  assert.deepEqual(marked.unnamedStatus, [], 'every status icon has a name');
  assert.ok(marked.count > 40, `the panel has its actions (${marked.count})`);

  // Start on the first action, then only Tab.
  await frame.evaluate(() => {
    const first = document.querySelector('[data-kb="0"]');
    (first?.shadowRoot?.querySelector('button') ?? first)?.focus();
  });

  const reached = new Set();
  const noRing = [];
  for (let step = 0; step < marked.count + 20; step++) {
    const now = await frame.evaluate(focused);
    if (!now) break; // Tab has left the panel (for the workbench): the walk is done
    if (reached.has(now.id)) break;
    reached.add(now.id);
    if (!now.visible) noRing.push(now.what);
    await page.keyboard.press('Tab');
  }
  const missed = await frame.evaluate(
    ids => [...document.querySelectorAll('[data-kb]')].filter(el => !ids.includes(el.getAttribute('data-kb'))).map(el => el.outerHTML.slice(0, 120)),
    [...reached],
  );
  assert.deepEqual(missed, [], 'Tab reaches every action');
  assert.deepEqual(noRing, [], 'every action shows where the focus is');
  ctx.log(`Tab reached all ${reached.size} actions, each with a visible focus indicator`);
}
