import * as l10n from '@vscode/l10n';
import { PERIOD_PRESETS, isPeriodPreset, periodPresetLabel, type PanelState } from '../src/protocol/messages';
import { iconButton } from './components';
import { h, icon } from './dom';
import { post } from './host';

/** The header's inputs: it is rebuilt only when these change, so an open dropdown survives progress updates. */
export function headerKey(state: PanelState): string {
  return JSON.stringify([state.identity, state.period, state.analysis?.displayName ?? null, state.phase === 'scanning' && !state.identity.emails.length]);
}

export function renderHeader(state: PanelState): HTMLElement {
  const { names, emails } = state.identity;
  // The name on the commits, once an analysis knows it; the machine's user.name may be another (or none).
  const shown = state.analysis?.displayName ?? names[0];
  const who = shown ?? emails[0];
  const identityTitle = [...names, ...emails].join('\n') || l10n.t('Growth Ledger does not know who you are yet');
  const detail = shown
    ? emails.length > 1
      ? `${emails[0]} +${emails.length - 1}`
      : (emails[0] ?? '')
    : emails.length > 1
      ? l10n.t('+{0} more', emails.length - 1)
      : '';
  const identity = h(
    'div',
    { class: who ? 'identity' : 'identity identity-unknown', title: identityTitle },
    icon('account', 'identity-icon'),
    h(
      'div',
      { class: 'identity-text' },
      h('span', { class: 'identity-name' }, who ?? (state.phase === 'scanning' ? l10n.t('Finding who you are…') : l10n.t('No git identity'))),
      who
        ? detail
          ? h('span', { class: 'identity-emails' }, detail)
          : null
        : h('span', { class: 'identity-emails' }, l10n.t('Set user.email or add an alias')),
    ),
  );

  const toolbar = h(
    'div',
    { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Growth Ledger actions') } },
    iconButton('refresh', l10n.t('Refresh'), () => post({ type: 'refresh' }), { testid: 'refresh' }),
    iconButton('add', l10n.t('Log a Win'), () => post({ type: 'logWin' }), { testid: 'log-win' }),
    iconButton('export', l10n.t('Export Promotion Packet'), () => post({ type: 'exportPacket' }), { testid: 'export-packet' }),
    iconButton('checklist', l10n.t('Customize Framework'), () => post({ type: 'customizeFramework' }), { testid: 'customize-framework' }),
    iconButton('settings-gear', l10n.t('Settings'), () => post({ type: 'openSettings' }), { testid: 'open-settings' }),
  );

  const select = h('vscode-single-select', {
    class: 'period-select',
    testid: 'period-select',
    focusKey: 'period-select',
    attrs: { label: l10n.t('Review period') },
  });
  for (const value of PERIOD_PRESETS) {
    select.appendChild(h('vscode-option', { attrs: { value, selected: value === state.period.preset } }, periodPresetLabel(value)));
  }
  select.value = state.period.preset;
  select.addEventListener('change', () => {
    const value = select.value;
    if (isPeriodPreset(value) && (value !== state.period.preset || value === 'custom')) post({ type: 'setPeriod', preset: value });
  });

  const range = periodRange(state);
  return h(
    'header',
    { class: 'header' },
    h('div', { class: 'header-row' }, identity, toolbar),
    h(
      'div',
      { class: 'period-row' },
      h('span', { class: 'period-label', attrs: { 'aria-hidden': 'true' } }, icon('calendar'), h('span', {}, l10n.t('Period'))),
      select,
      state.period.preset === 'custom'
        ? iconButton('edit', l10n.t('Change the custom dates'), () => post({ type: 'setPeriod', preset: 'custom' }), { testid: 'edit-period' })
        : null,
    ),
    range ? h('p', { class: 'period-range' }, range) : null,
  );
}

/** The dates behind the preset, when they add something to its label. */
function periodRange(state: PanelState): string {
  const { since, until, preset, label } = state.period;
  if (preset === 'all') return '';
  if (preset === 'custom') return label;
  if (!since && !until) return '';
  return l10n.t('{0} to {1}', since ?? l10n.t('start'), until ?? l10n.t('today'));
}

/** Keeps the select on the state's preset (e.g. after the custom-dates prompt was dismissed) without rebuilding it. */
export function syncPeriod(root: HTMLElement, state: PanelState): void {
  const select = root.querySelector('vscode-single-select');
  if (select && select.value !== state.period.preset) select.value = state.period.preset;
}
