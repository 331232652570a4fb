// The Growth panel: renders the extension's PanelState and turns clicks into FromWebview messages.
// Only the components used are imported, one by one (never the full @vscode-elements bundle).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import './styles.css';

import * as l10n from '@vscode/l10n';
import type { PanelState, ToWebview } from '../src/protocol/messages';
import { noCommitsCalloutShown, renderAnalysis } from './analysis';
import { phaseMessage } from './phases';
import { button } from './components';
import { append, h, type Child } from './dom';
import { baseName, count, plural } from './format';
import { headerKey, renderHeader, syncPeriod } from './header';
import { post, uiState } from './host';

/**
 * A part of the page that is rebuilt only when its inputs change. Rebuilding keeps keyboard focus on the equivalent
 * element (matched by data-focus-key), so a state update while someone is tabbing through the panel is harmless.
 */
class Region {
  private key: string | undefined;
  constructor(readonly el: HTMLElement) {}

  update(key: string, build: () => Child[]): boolean {
    if (key === this.key) return false;
    this.key = key;
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && this.el.contains(active) ? active.dataset.focusKey : undefined;
    this.el.replaceChildren();
    append(this.el, build());
    if (focusKey) this.el.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus({ preventScroll: true });
    return true;
  }
}

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { attrs: { id: 'app' } }));
const root = h('div', { class: 'panel' });
// The page's one h1, for screen readers (the view's title says it visibly); its words arrive with the bundle.
const title = h('h1', { class: 'sr-only' });
// Landmarks side by side, none inside another: the header (banner), then the main content.
const headerEl = h('div', { class: 'region-header' });
const statusEl = h('div', { class: 'region-status' });
const bodyEl = h('div', { class: 'region-body' });
root.append(headerEl, h('main', { class: 'region-main' }, title, statusEl, bodyEl));

app.replaceChildren(root);

const header = new Region(headerEl);
const status = new Region(statusEl);
const body = new Region(bodyEl);

/** The scanning banner is built once per scan; its counter is updated in place so the progress ring keeps turning. */
let scanText: Text | undefined;

/** Scroll position to restore once there is content to scroll (the webview is recreated when the view is hidden). */
let pendingScroll: number | undefined = uiState.scrollY || undefined;

function render(state: PanelState): void {
  const anchor = scrollAnchor();
  title.textContent = l10n.t('Growth Ledger');

  root.dataset.testid = `phase-${state.phase}`;
  root.dataset.phase = state.phase;

  const showHeader = state.phase !== 'noWorkspace' && state.phase !== 'untrusted';
  header.update(showHeader ? headerKey(state) : 'none', () => (showHeader ? [renderHeader(state)] : []));
  syncPeriod(headerEl, state);

  if (state.phase === 'scanning') {
    status.update('scanning', () => [scanningBanner()]);
    if (scanText) {
      scanText.data = scanningText(state.scanning);
    }
  } else {
    scanText = undefined;
    status.update(JSON.stringify([state.phase, state.message]), () => [phaseMessage(state)]);
  }

  const analysis = state.phase === 'scanning' || state.phase === 'ready' || state.phase === 'error' ? state.analysis : undefined;
  // Keyed on what renderAnalysis reads, and no more: a refresh that only passes through 'scanning' and brings the same
  // analysis back leaves the body (and what the person is pointing at or has focused) as it is.
  const bodyKey = [noCommitsCalloutShown(state, analysis), state.period.preset, state.identity, state.checkInEveryDays, analysis ?? null];
  const rebuilt = body.update(JSON.stringify(bodyKey), () => (analysis ? renderAnalysis(state, analysis) : []));
  const stale = state.phase !== 'ready' && !!analysis;
  bodyEl.classList.toggle('stale', stale);
  bodyEl.setAttribute('aria-busy', String(state.phase === 'scanning'));

  if (!rebuilt || !analysis) return; // The browser's own scroll anchoring keeps the view steady.
  uiState.retainExpanded(analysis.expectations.map(x => x.id));
  const restore = (): void => {
    if (pendingScroll !== undefined) window.scrollTo(0, pendingScroll);
    else if (anchor) {
      const el = bodyEl.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(anchor.key)}"]`);
      if (el) window.scrollBy(0, el.getBoundingClientRect().top - anchor.top);
    }
  };
  // The components render in a microtask after they are attached and rows change height when they do: restore now
  // and again once they have, before the next paint.
  restore();
  requestAnimationFrame(() => {
    restore();
    pendingScroll = undefined;
  });
}

/** The first keyed element at or below the top of the view, and where it is, to keep it there across a rebuild. */
function scrollAnchor(): { key: string; top: number } | undefined {
  if (window.scrollY === 0) return undefined;
  for (const el of bodyEl.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (el.getClientRects().length === 0) continue;
    const top = el.getBoundingClientRect().top;
    if (top >= 0 && el.dataset.focusKey) return { key: el.dataset.focusKey, top };
  }
  return undefined;
}

/** What the scan is doing, in words: reading (with the count once git has given it), then examining. */
function scanningText(scanning: PanelState['scanning']): string {
  const repo = scanning?.repo ? baseName(scanning.repo) : '';
  const commits = scanning?.commits ?? 0;
  if (scanning?.stage === 'examining') {
    const examined = plural(commits, l10n.t('{0} commit'), l10n.t('{0} commits'));
    return repo ? l10n.t('Examining {0} of {1}…', examined, repo) : l10n.t('Examining {0}…', examined);
  }
  const read = scanning?.total
    ? scanning.total === 1
      ? l10n.t('{0} of 1 commit', count(commits))
      : l10n.t('{0} of {1} commits', count(commits), count(scanning.total))
    : plural(commits, l10n.t('{0} commit'), l10n.t('{0} commits'));
  return repo ? l10n.t('Reading history of {0}… {1}', repo, read) : l10n.t('Reading history… {0}', read);
}

function scanningBanner(): HTMLElement {
  scanText = document.createTextNode(l10n.t('Reading history…'));
  return h(
    'div',
    { class: 'scanning', testid: 'scan-progress', attrs: { role: 'status' } },
    h('vscode-progress-ring', { class: 'scanning-ring', attrs: { 'aria-label': l10n.t('Reading git history') } }),
    h('span', { class: 'scanning-text' }, scanText),
    button(l10n.t('Cancel'), () => post({ type: 'cancelScan' }), { secondary: true, testid: 'cancel-scan' }),
  );
}

function parse(data: unknown): ToWebview | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; state?: unknown; bundle?: unknown };
  if (m.type === 'l10n') {
    if (m.bundle === null) return { type: 'l10n', bundle: null };
    if (typeof m.bundle !== 'object' || m.bundle === undefined || Array.isArray(m.bundle)) return undefined;
    const bundle = Object.fromEntries(Object.entries(m.bundle as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { type: 'l10n', bundle };
  }
  if (m.type !== 'state' || typeof m.state !== 'object' || m.state === null) return undefined;
  const s = m.state as Partial<PanelState>;
  if (typeof s.phase !== 'string' || typeof s.period !== 'object' || typeof s.identity !== 'object') return undefined;
  return { type: 'state', state: m.state as PanelState };
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parse(event.data);
  if (!message) return;
  switch (message.type) {
    case 'l10n':
      // Before the first state: nothing is rendered with the English words first.
      if (message.bundle) l10n.config({ contents: message.bundle });
      return;
    case 'state':
      render(message.state);
      return;
    default: {
      const unreachable: never = message;
      console.warn(`Growth Ledger: unknown message ${JSON.stringify(unreachable)}`);
    }
  }
});

let scrollTimer: number | undefined;
window.addEventListener(
  'scroll',
  () => {
    if (pendingScroll !== undefined) return;
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(() => {
      uiState.scrollY = Math.round(window.scrollY);
    }, 200);
  },
  { passive: true },
);

post({ type: 'ready' });
