import * as l10n from '@vscode/l10n';
import type { AnalysisView, WinView } from '../src/protocol/messages';
import { button, emptyState, iconButton, section } from './components';
import { activateOn, h, icon, type Child } from './dom';
import { baseName, day, plural } from './format';
import { post } from './host';

/** The panel's sections made from the notes folder: the wins logged, and the notes that could not be read. */
export function wins(list: WinView[]): HTMLElement {
  const sorted = [...list].sort((x, y) => y.date.localeCompare(x.date));
  const body: Child[] = sorted.length
    ? [h('ul', { class: 'wins', attrs: { role: 'list' } }, ...sorted.map(winRow))]
    : [
        emptyState(
          l10n.t('Log what git cannot see: the impact of your work, stakeholders you kept informed, a conflict you resolved.'),
          button(l10n.t('Log a Win'), () => post({ type: 'logWin' }), { icon: 'add', secondary: true, focusKey: 'wins-empty-log-win' }),
        ),
      ];
  return section('wins', l10n.t('Recent wins'), body, {
    testid: 'wins',
    badge: sorted.length ? String(sorted.length) : undefined,
    actions: [iconButton('add', l10n.t('Log a Win'), () => post({ type: 'logWin' }), { focusKey: 'wins-log-win' })],
  });
}

function winRow(w: WinView): HTMLElement {
  const meta = [day(w.date), w.expectations.length ? plural(w.expectations.length, l10n.t('{0} expectation'), l10n.t('{0} expectations')) : '']
    .filter(Boolean)
    .join(' · ');
  const li = h(
    'li',
    { class: 'win-item', testid: 'win-item', attrs: { 'data-win': w.id, tabindex: -1 } },
    h(
      'button',
      { class: 'win-open', focusKey: `win:${w.id}`, title: `${w.title}\n${l10n.t('Open {0}', baseName(w.file))}`, attrs: { type: 'button' } },
      icon('star-full', 'win-icon'),
      h(
        'span',
        { class: 'win-text' },
        h('span', { class: 'win-title' }, w.title || baseName(w.file)),
        h('span', { class: 'win-meta' }, meta),
        w.impact ? h('span', { class: 'win-impact' }, w.impact) : null,
      ),
    ),
  );
  activateOn(li, () => post({ type: 'openWin', id: w.id }));
  return li;
}

export function problems(list: AnalysisView['problems']): HTMLElement {
  return section(
    'problems',
    l10n.t('Problems'),
    [
      h('p', { class: 'muted' }, l10n.t('These notes could not be read and were left untouched. Fix them and refresh.')),
      h(
        'ul',
        { class: 'problems', attrs: { role: 'list' } },
        ...list.map(p => {
          const li = h(
            'li',
            { class: 'problem', title: `${p.file}:${p.line}\n${p.message}`, attrs: { tabindex: -1 } },
            h(
              'button',
              {
                class: 'problem-open',
                focusKey: `problem:${p.file}:${p.line}`,
                title: l10n.t('Open {0} at line {1}', baseName(p.file), p.line),

                attrs: { type: 'button' },
              },
              icon('error', 'problem-icon'),
              h(
                'span',
                { class: 'problem-text' },
                h('span', { class: 'problem-where' }, `${baseName(p.file)}:${p.line}`),
                h('span', { class: 'problem-message' }, p.message),
              ),
            ),
          );
          activateOn(li, () => post({ type: 'openProblem', file: p.file, line: p.line }));
          return li;
        }),
      ),
    ],
    { testid: 'problems', badge: String(list.length) },
  );
}
