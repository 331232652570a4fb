import * as l10n from '@vscode/l10n';
import type { EvidenceView, ExpectationView, Level, Status } from '../src/protocol/messages';
import { button, iconButton, section } from './components';
import { activateOn, h, icon, srOnly, uniqueId } from './dom';
import { count, day, kindIcon, plural, shortSha, signalLabel } from './format';
import { post, uiState } from './host';

// Functions, not tables: the words come from the bundle the extension sends after the panel has loaded.
const levels = (): readonly { level: Level; title: string; heading: string }[] => [
  { level: 'mid', title: l10n.t('Mid-level'), heading: l10n.t('Mid-level expectations') },
  { level: 'senior', title: l10n.t('Senior'), heading: l10n.t('Senior expectations') },
];

const STATUS_ICONS: Record<Status, string> = { demonstrated: 'pass-filled', partial: 'circle-large-outline', none: 'circle-slash' };

function statusLabel(status: Status): string {
  switch (status) {
    case 'demonstrated':
      return l10n.t('Demonstrated');
    case 'partial':
      return l10n.t('Partly shown');
    case 'none':
      return l10n.t('No evidence yet');
  }
}

export function renderExpectations(expectations: ExpectationView[]): HTMLElement[] {
  return levels()
    .map(({ level, heading }) => ({ level, heading, items: expectations.filter(x => x.level === level) }))
    .filter(group => group.items.length > 0)
    .map(group => levelSection(group.level, group.heading, group.items));
}

/** Nothing to show and nothing git could show here: left out of the level's progress, not counted as a gap. */
export function notVisible(x: ExpectationView): boolean {
  return x.visibility !== 'visible' && x.status === 'none';
}

function levelSection(level: Level, heading: string, items: ExpectationView[]): HTMLElement {
  const tally = { demonstrated: 0, partial: 0, none: 0 };
  const seen = items.filter(x => !notVisible(x));
  for (const x of seen) tally[x.status] += 1;
  const hidden = items.length - seen.length;
  const tallied = l10n.t('{0} demonstrated, {1} partly shown, {2} with no evidence yet', tally.demonstrated, tally.partial, tally.none);
  const summary = hidden ? `${tallied}; ${l10n.t('{0} not visible here', hidden)}` : tallied;
  return section(
    `level-${level}`,
    heading,
    [
      levelProgress(tally, seen.length, summary, hidden),
      h('ul', { class: 'expectations', attrs: { role: 'list', 'aria-label': heading } }, ...items.map(expectationRow)),
    ],
    { testid: `level-${level}`, badge: `${tally.demonstrated}/${seen.length}`, badgeTitle: summary },
  );
}

/** A stacked bar: demonstrated, then partly shown, then the rest. */
function levelProgress(tally: Record<Status, number>, total: number, summary: string, hidden: number): HTMLElement {
  const bar = h('div', { class: 'stack', attrs: { role: 'img', 'aria-label': summary }, title: summary });
  for (const status of ['demonstrated', 'partial'] as const) {
    if (!tally[status]) continue;
    const part = h('div', { class: `stack-part stack-${status}` });
    part.style.width = `${total ? (tally[status] / total) * 100 : 0}%`;
    bar.appendChild(part);
  }
  return h(
    'div',
    { class: 'level-progress' },
    bar,
    h(
      'p',
      { class: 'level-legend', attrs: { 'aria-hidden': 'true' } },
      legend('demonstrated', l10n.t('{0} demonstrated', tally.demonstrated)),
      legend('partial', l10n.t('{0} partly', tally.partial)),
      legend('none', l10n.t('{0} not yet', tally.none)),
      hidden ? h('span', { class: 'legend legend-hidden' }, icon('eye-closed', 'status status-none'), l10n.t('{0} not visible here', hidden)) : null,
    ),
  );
}

function legend(status: Status, text: string): HTMLElement {
  return h('span', { class: `legend legend-${status}` }, icon(STATUS_ICONS[status], `status status-${status}`), text);
}

function statusIcon(x: ExpectationView): HTMLElement {
  // What git cannot see (anywhere, or in this workflow) and nobody logged is "not visible", not "failed".
  if (x.visibility === 'not-in-git' && x.status === 'none')
    return icon('eye-closed', 'status status-none', l10n.t('Not visible here: git cannot see this; no win logged yet'));
  if (x.visibility === 'not-recorded-here' && x.status === 'none')
    return icon('eye-closed', 'status status-none', l10n.t('Not visible here: this workflow records no reviewer in git'));
  return icon(STATUS_ICONS[x.status], `status status-${x.status}`, statusLabel(x.status));
}

function trend(values: number[]): HTMLElement {
  const six = values.slice(-6);
  while (six.length < 6) six.unshift(0);
  const max = Math.max(1, ...six);
  const label = l10n.t('Evidence per month, oldest first: {0}', six.join(', '));
  const el = h('span', { class: 'trend', title: label, attrs: { 'aria-hidden': 'true' } });
  for (const v of six) {
    const bar = h('span', { class: v > 0 ? 'trend-bar' : 'trend-bar trend-zero' });
    bar.style.height = v > 0 ? `${Math.max(2, Math.round((v / max) * 12))}px` : '1px';
    el.appendChild(bar);
  }
  return el;
}

function expectationRow(x: ExpectationView): HTMLElement {
  const open = uiState.isExpanded(x.id);
  const detailsId = uniqueId('expectation');
  const details = h('div', { class: 'expectation-details', attrs: { id: detailsId, hidden: !open } }, ...detailsContent(x));
  const chevron = icon(open ? 'chevron-down' : 'chevron-right', 'chevron');
  const evidenceText = l10n.t('{0} of {1}', count(x.evidence), count(x.demonstratedAt));
  const pieces = plural(x.evidence, l10n.t('{0} piece of evidence'), l10n.t('{0} pieces of evidence'));
  const toggle = h(
    'button',
    {
      class: 'expectation-toggle',
      testid: `expectation-toggle-${x.id}`,
      focusKey: `expectation:${x.id}`,
      attrs: { type: 'button', 'aria-expanded': String(open), 'aria-controls': detailsId },
      on: {
        click: () => {
          const nowOpen = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(nowOpen));
          details.hidden = !nowOpen;
          chevron.classList.toggle('codicon-chevron-down', nowOpen);
          chevron.classList.toggle('codicon-chevron-right', !nowOpen);
          uiState.setExpanded(x.id, nowOpen);
        },
      },
    },
    chevron,
    statusIcon(x),
    h('span', { class: 'expectation-title' }, x.title),
    h(
      'span',
      { class: 'expectation-meta' },
      trend(x.trend),
      h(
        'vscode-badge',
        {
          class: 'evidence-badge',
          title: l10n.t('{0}; {1} count as demonstrated', pieces, count(x.demonstratedAt)),
          attrs: { 'aria-hidden': 'true' },
        },
        h('span', { attrs: { 'aria-hidden': 'true' } }, evidenceText),
      ),
      srOnly(`, ${l10n.t('{0}, {1} needed', pieces, count(x.demonstratedAt))}`),
    ),
  );
  return h('li', { class: 'expectation', testid: `expectation-${x.id}`, attrs: { 'data-status': x.status } }, toggle, details);
}

function detailsContent(x: ExpectationView): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(h('p', { class: 'expectation-area' }, x.areaTitle));
  if (x.description) out.push(h('p', { class: 'expectation-description' }, x.description));
  if (!x.gitVisible) {
    out.push(
      h(
        'div',
        { class: 'git-invisible' },
        icon('eye-closed'),
        h(
          'div',
          {},
          h('p', {}, l10n.t('Git cannot see this — log a win when it happens.')),
          button(l10n.t('Log a Win'), () => post({ type: 'logWin' }), { icon: 'add', secondary: true, focusKey: `logwin:${x.id}` }),
        ),
      ),
    );
  }
  if (x.visibility === 'not-recorded-here') {
    out.push(
      h(
        'div',
        { class: 'git-invisible', testid: `not-recorded-${x.id}` },
        icon('eye-closed'),
        h(
          'div',
          {},
          h('p', {}, l10n.t('Not visible here: the way changes land in these repositories records no reviewer in git.')),
          button(l10n.t('Log a Win'), () => post({ type: 'logWin' }), { icon: 'add', secondary: true, focusKey: `logwin-review:${x.id}` }),
        ),
      ),
    );
  }
  out.push(statementBlock(x));
  const nextStep = x.gitVisible ? x.nextStep : x.nextStep.replace(/^Git cannot see this\.\s*/i, '');
  if (nextStep) {
    out.push(h('div', { class: 'next-step' }, icon('lightbulb'), h('p', {}, h('strong', {}, `${l10n.t('Next step:')} `), nextStep)));
  }
  if (x.items.length === 0) {
    out.push(
      h(
        'p',
        { class: 'muted evidence-empty' },
        x.visibility === 'visible'
          ? l10n.t('No evidence in this period yet.')
          : x.gitVisible
            ? l10n.t('No evidence git can show here yet.')
            : l10n.t('No wins logged for this yet.'),
      ),
    );
  } else {
    out.push(
      h(
        'ul',
        { class: 'evidence', attrs: { role: 'list', 'aria-label': l10n.t('Evidence for {0}', x.title) } },
        ...x.items.map((item, i) => evidenceItem(x, item, `${x.id}:${i}`)),
      ),
    );
  }
  if (x.moreItems > 0) out.push(h('p', { class: 'muted evidence-more' }, l10n.t('+{0} more in this period.', count(x.moreItems))));
  return out;
}

/** My statement for the expectation, or the button that starts one: it opens the statement's file. */
function statementBlock(x: ExpectationView): HTMLElement {
  const write = button(x.statement === null ? l10n.t('Write Statement') : l10n.t('Edit Statement'), () => post({ type: 'writeStatement', expectation: x.id }), {
    icon: 'edit',
    secondary: true,
    testid: `write-statement-${x.id}`,
    focusKey: `statement:${x.id}`,
    title: l10n.t('Your own words for the packet, kept in the notes folder'),
  });
  const draft = button('Draft Statement', () => post({ type: 'draftStatement', expectation: x.id }), {
    icon: 'sparkle',
    secondary: true,
    testid: `draft-statement-${x.id}`,
    focusKey: `draft:${x.id}`,
    title: 'A first draft from this evidence: by a language model only after you agree to what is sent, or from a template',
  });
  return h(
    'div',
    { class: 'statement', testid: `statement-${x.id}` },
    x.statement === null ? null : h('p', { class: 'statement-text' }, x.statement),
    h('div', { class: 'statement-actions' }, write, draft),
  );
}

/**
 * Pin (leads the expectation in the packet) and hide (left out of the packet, still counted), each a toggle whose
 * pressed state says what is set; pressing it again puts the item back in ranked order.
 */
function curateButtons(x: ExpectationView, e: EvidenceView, key: string): HTMLElement[] {
  const toggle = (action: 'pin' | 'hide', on: boolean, iconName: string, label: string, offLabel: string) => {
    const el = iconButton(
      iconName,
      on ? offLabel : label,
      () => post({ type: 'curateEvidence', expectation: x.id, commit: e.commit, action: on ? 'reset' : action }),
      {
        testid: `${action}-${e.commit}`,
        focusKey: `${action}:${key}`,
        ownAction: true,
      },
    );
    el.setAttribute('aria-pressed', String(on));
    if (on) el.classList.add('curate-on');
    return el;
  };
  return [
    toggle('pin', e.pinned, e.pinned ? 'pinned' : 'pin', l10n.t('Pin: lead this expectation with it in the packet'), l10n.t('Unpin: back to the ranked order')),
    toggle('hide', e.hidden, e.hidden ? 'eye' : 'eye-closed', l10n.t('Hide from the packet (it still counts)'), l10n.t('Show in the packet again')),
  ];
}

function evidenceItem(x: ExpectationView, e: EvidenceView, key: string): HTMLElement {
  const isWin = e.kind === 'win';
  const action = isWin
    ? e.commit
      ? () => post({ type: 'openWin', id: e.commit })
      : undefined
    : e.repo && e.commit
      ? () => post({ type: 'openCommit', repo: e.repo, commit: e.commit })
      : undefined;
  const what = isWin ? l10n.t('Open the win') : l10n.t('Open commit {0}', shortSha(e.commit));
  const tooltip = [e.summary, e.subject && e.subject !== e.summary ? e.subject : '', action ? what : ''].filter(Boolean).join('\n');
  const curated = e.pinned ? ` · ${l10n.t('pinned')}` : e.hidden ? ` · ${l10n.t('hidden from the packet')}` : '';
  const meta = h(
    'span',
    { class: 'evidence-meta' },
    `${day(e.date)} · ${signalLabel(e.signal, e.kind)}`,
    isWin ? null : h('span', { class: 'evidence-sha' }, ` · ${shortSha(e.commit)}`),
    curated ? h('span', { class: 'evidence-curated' }, curated) : null,
  );
  const body = [
    icon(kindIcon(e.kind), 'evidence-icon'),
    h('span', { class: 'evidence-text' }, h('span', { class: 'evidence-summary' }, e.summary || e.subject), meta),
  ];
  const main = action
    ? h('button', { class: 'evidence-open', focusKey: `evidence:${key}`, title: tooltip, attrs: { type: 'button' } }, ...body)
    : h('div', { class: 'evidence-open', title: tooltip }, ...body);
  const li = h(
    'li',
    {
      class: `evidence-item${e.hidden ? ' evidence-hidden' : ''}`,
      testid: 'evidence-item',
      attrs: {
        'data-commit': e.commit,
        'data-kind': e.kind,
        'data-pinned': e.pinned ? 'true' : undefined,
        'data-hidden': e.hidden ? 'true' : undefined,
        tabindex: action ? -1 : undefined,
      },
    },
    main,
    ...(e.commit ? curateButtons(x, e, key) : []),
    e.hasWebLink && !isWin && e.repo
      ? iconButton('link-external', l10n.t('Open commit on the web'), () => post({ type: 'openCommitOnWeb', repo: e.repo, commit: e.commit }), {
          testid: `evidence-web-${e.commit}`,
          focusKey: `web:${key}`,
          ownAction: true,
        })
      : null,
  );
  if (action) activateOn(li, action);
  return li;
}
