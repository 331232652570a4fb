import { h, icon, uniqueId, type Child } from './dom';
import { uiState } from './host';

/** A text button (vscode-button); `secondary` for everything but the one main action in view. */
export function button(
  label: string,
  onClick: () => void,
  opts: { icon?: string; secondary?: boolean; testid?: string; focusKey?: string; title?: string } = {},
): HTMLElement {
  return h(
    'vscode-button',
    {
      testid: opts.testid,
      focusKey: opts.focusKey ?? (opts.testid ? `button:${opts.testid}` : undefined),
      title: opts.title,
      attrs: { icon: opts.icon, secondary: opts.secondary },
      on: { click: onClick },
    },
    label,
  );
}

/** An icon-only button; `label` is both its accessible name and its tooltip. */
export function iconButton(
  name: string,
  label: string,
  onClick: () => void,
  opts: { testid?: string; focusKey?: string; ownAction?: boolean } = {},
): HTMLElement {
  const el = h('vscode-toolbar-button', {
    testid: opts.testid,
    focusKey: opts.focusKey ?? (opts.testid ? `icon:${opts.testid}` : undefined),
    title: label,
    attrs: { icon: name, label, 'data-own-action': opts.ownAction },
    on: {
      click: event => {
        if (opts.ownAction) event.stopPropagation();
        onClick();
      },
    },
  });
  return el;
}

/**
 * A collapsible section with a real heading. The header's button carries aria-expanded; whether it is open survives
 * re-renders and reloads of the webview.
 */
export function section(
  id: string,
  title: string,
  body: Child[],
  opts: { testid?: string; badge?: string; badgeTitle?: string; actions?: Child[] } = {},
): HTMLElement {
  const bodyId = uniqueId(`section-${id}`);
  const collapsed = uiState.isCollapsed(id);
  const chevron = icon(collapsed ? 'chevron-right' : 'chevron-down', 'chevron');
  const content = h('div', { class: 'section-body', attrs: { id: bodyId, hidden: collapsed } }, ...body);
  const toggle = h(
    'button',
    {
      class: 'section-toggle',
      focusKey: `section:${id}`,
      attrs: { type: 'button', 'aria-expanded': String(!collapsed), 'aria-controls': bodyId },
      on: {
        click: () => {
          const nowCollapsed = toggle.getAttribute('aria-expanded') === 'true';
          toggle.setAttribute('aria-expanded', String(!nowCollapsed));
          content.hidden = nowCollapsed;
          chevron.classList.toggle('codicon-chevron-right', nowCollapsed);
          chevron.classList.toggle('codicon-chevron-down', !nowCollapsed);
          uiState.setCollapsed(id, nowCollapsed);
        },
      },
    },
    chevron,
    h('span', { class: 'section-title' }, title),
    opts.badge !== undefined ? h('vscode-badge', { class: 'section-badge', title: opts.badgeTitle, attrs: { variant: 'counter' } }, opts.badge) : null,
  );
  return h(
    'section',
    { class: 'section', testid: opts.testid, attrs: { 'data-section': id } },
    h('div', { class: 'section-header' }, h('h2', {}, toggle), opts.actions?.length ? h('div', { class: 'section-actions' }, ...opts.actions) : null),
    content,
  );
}

/** What to do when a list is empty: one sentence that says how to fill it. */
export function emptyState(text: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', {}, text), ...extra);
}

/** A highlighted box that asks the user to act. */
export function callout(
  kind: 'info' | 'warning' | 'error',
  iconName: string,
  title: string,
  text: Child[],
  actions: Child[] = [],
  testid?: string,
): HTMLElement {
  return h(
    'div',
    { class: `callout callout-${kind}`, testid, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    icon(iconName, 'callout-icon'),
    h(
      'div',
      { class: 'callout-content' },
      h('p', { class: 'callout-title' }, title),
      ...text.map(t => (typeof t === 'string' ? h('p', {}, t) : t)),
      actions.length ? h('div', { class: 'actions' }, ...actions) : null,
    ),
  );
}

/** A horizontal bar whose fill width is set from script (the CSP allows no inline style attributes). */
export function meter(fraction: number, label: string, extraClass = ''): HTMLElement {
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10}%`;
  return h('div', { class: `meter${extraClass ? ` ${extraClass}` : ''}`, attrs: { role: 'img', 'aria-label': label } }, fill);
}
