import * as l10n from '@vscode/l10n';
import type { PanelState, PlanView, Status } from '../src/protocol/messages';
import { button, emptyState, iconButton, meter, section } from './components';
import { h, icon, srOnly, type Child } from './dom';
import { day, plural } from './format';
import { post } from './host';

/** The local day (YYYY-MM-DD) `days` after `from`, or today for null. */
function addDays(from: string | null, days: number): string {
  const d = from ? new Date(`${from}T12:00:00`) : new Date();
  if (from) d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function daysFromToday(target: string): number {
  const today = new Date(`${addDays(null, 0)}T12:00:00`).getTime();
  return Math.round((new Date(`${target}T12:00:00`).getTime() - today) / 86_400_000);
}

/** "due in 12 days", "due today", "3 days overdue". */
function dueText(target: string): string {
  const days = daysFromToday(target);
  if (days === 0) return l10n.t('due today');
  if (days > 60) return l10n.t('due {0}', day(target));
  if (days > 0) return plural(days, l10n.t('due in {0} day'), l10n.t('due in {0} days'));
  return plural(-days, l10n.t('{0} day overdue'), l10n.t('{0} days overdue'));
}

/** The panel's Plan section and the growth-over-time grid. */
export function renderPlan(state: PanelState, plan: PlanView): Child[] {
  return [planSection(state, plan), trajectorySection(plan)];
}

function planSection(state: PanelState, plan: PlanView): HTMLElement {
  const body: Child[] = [checkInLine(state, plan), trackLine(plan)];
  if (plan.goals.length)
    body.push(h('ul', { class: 'goals', testid: 'goals', attrs: { role: 'list', 'aria-label': l10n.t('Active goals') } }, ...plan.goals.map(goalRow)));
  else {
    body.push(
      emptyState(
        l10n.t('Pick one skill to take to expert level in the next 6 to 12 months, and set it as a goal with a learning plan.'),
        button(l10n.t('Set a Goal'), () => post({ type: 'setGoal' }), { icon: 'target', secondary: true, testid: 'set-goal-empty' }),
      ),
    );
  }
  body.push(feedbackList(plan));
  return section('plan', l10n.t('Plan'), body, {
    testid: 'plan',
    badge: plan.goals.length ? String(plan.goals.length) : undefined,
    badgeTitle: l10n.t('Active goals'),
    actions: [
      iconButton('target', l10n.t('Set a Goal'), () => post({ type: 'setGoal' }), { testid: 'set-goal', focusKey: 'plan-set-goal' }),
      iconButton('comment', l10n.t('Record Feedback'), () => post({ type: 'recordFeedback' }), {
        testid: 'record-feedback',
        focusKey: 'plan-record-feedback',
      }),
      iconButton('checklist', l10n.t('Check In'), () => post({ type: 'checkIn' }), { testid: 'check-in', focusKey: 'plan-check-in' }),
    ],
  });
}

function checkInLine(state: PanelState, plan: PlanView): HTMLElement {
  const due = addDays(plan.lastCheckIn, state.checkInEveryDays);
  const days = daysFromToday(due);
  const when =
    plan.lastCheckIn === null
      ? l10n.t('Your first check-in is due now')
      : days <= 0
        ? l10n.t('Check-in {0}', days === 0 ? l10n.t('due today') : dueText(due))
        : l10n.t('Next check-in {0} ({1})', dueText(due), day(due));
  const last = plan.lastCheckIn ? l10n.t('Last: {0}.', day(plan.lastCheckIn)) : l10n.t('Rate each expectation against the evidence, and see what moved since.');
  return h(
    'div',
    { class: `plan-checkin${days <= 0 ? ' plan-checkin-due' : ''}`, testid: 'next-check-in' },
    icon(days <= 0 ? 'bell-dot' : 'calendar', 'plan-icon'),
    h('span', { class: 'plan-checkin-text' }, h('span', {}, `${when}.`), h('span', { class: 'muted' }, ` ${last}`)),
    days <= 0 ? button(l10n.t('Check In'), () => post({ type: 'checkIn' }), { secondary: true, testid: 'check-in-now' }) : null,
  );
}

function trackLine(plan: PlanView): HTMLElement {
  const choose = h(
    'button',
    {
      class: 'link-button',
      testid: 'choose-track',
      focusKey: 'plan-choose-track',
      attrs: { type: 'button' },
      on: { click: () => post({ type: 'chooseTrack' }) },
    },
    plan.trackLabel ? l10n.t('Change') : l10n.t('Choose a track'),
  );
  return h(
    'div',
    { class: 'plan-track', testid: 'track' },
    icon('compass', 'plan-icon'),
    plan.trackLabel
      ? h('span', { class: 'plan-track-text' }, `${l10n.t('Track: {0}. Its expectations come first.', plan.trackLabel)} `, choose)
      : h('span', { class: 'plan-track-text' }, h('span', { class: 'muted' }, `${l10n.t('No track chosen yet.')} `), choose),
  );
}

function goalRow(g: PlanView['goals'][number]): HTMLElement {
  const p = g.progress;
  const parts = [
    p.milestones === 0
      ? ''
      : p.milestones === 1
        ? l10n.t('{0} of 1 milestone done', p.milestonesDone)
        : l10n.t('{0} of {1} milestones done', p.milestonesDone, p.milestones),

    plural(p.evidence, l10n.t('{0} piece of evidence'), l10n.t('{0} pieces of evidence')),
    plural(p.wins, l10n.t('{0} win'), l10n.t('{0} wins')),
  ].filter(Boolean);
  const overdue = g.due !== null && daysFromToday(g.due) < 0;
  return h(
    'li',
    { class: 'goal', testid: 'goal', attrs: { 'data-goal': g.id } },
    h(
      'div',
      { class: 'goal-head' },
      icon('target', 'goal-icon'),
      h('span', { class: 'goal-title' }, g.title),
      h(
        'span',
        { class: `goal-due${overdue ? ' goal-overdue' : ''}`, title: g.due ? l10n.t('Due {0}', day(g.due)) : l10n.t('No due date') },
        g.due ? dueText(g.due) : l10n.t('no due date'),
      ),
      iconButton('pass', l10n.t('Complete “{0}”', g.title), () => post({ type: 'completeGoal', id: g.id }), {
        testid: `complete-goal-${g.id}`,
        focusKey: `goal-complete:${g.id}`,
      }),
    ),
    p.milestones ? meter(p.milestonesDone / p.milestones, l10n.t('{0} of {1} milestones done', p.milestonesDone, p.milestones), 'goal-meter') : null,
    h('span', { class: 'goal-meta' }, l10n.t('{0} since {1}', parts.join(' · '), day(g.created))),
  );
}

function feedbackList(plan: PlanView): HTMLElement {
  const heading = h(
    'h3',
    { class: 'plan-subheading' },
    l10n.t('Recent feedback'),
    plan.feedbackTotal > plan.feedback.length ? h('span', { class: 'muted' }, ` (${plan.feedback.length} of ${plan.feedbackTotal})`) : null,
  );
  if (plan.feedback.length === 0) {
    return h(
      'div',
      { class: 'plan-feedback', testid: 'feedback' },
      heading,
      emptyState(
        l10n.t('Ask your manager and peers for feedback regularly, not only at review time, and record what they say.'),
        button(l10n.t('Record Feedback'), () => post({ type: 'recordFeedback' }), { icon: 'comment', secondary: true, testid: 'record-feedback-empty' }),
      ),
    );
  }
  return h(
    'div',
    { class: 'plan-feedback', testid: 'feedback' },
    heading,
    h(
      'ul',
      { class: 'feedback-list', attrs: { role: 'list' } },
      ...plan.feedback.map(f =>
        h(
          'li',
          { class: 'feedback-item', testid: 'feedback-item' },
          icon(f.kind === 'praise' ? 'heart' : 'lightbulb', `feedback-icon feedback-${f.kind}`),
          h(
            'span',
            { class: 'feedback-text' },
            h('span', { class: 'feedback-words' }, f.text),
            h(
              'span',
              { class: 'feedback-meta' },
              h('bdi', {}, f.from),
              ` · ${day(f.date)} · ${f.kind === 'praise' ? l10n.t('praise') : l10n.t('constructive')}`,
            ),
          ),
        ),
      ),
    ),
  );
}

function statusWord(status: Status): string {
  switch (status) {
    case 'demonstrated':
      return l10n.t('demonstrated');
    case 'partial':
      return l10n.t('partial');
    case 'none':
      return l10n.t('none');
  }
}

/** A compact grid: one row per expectation, one cell per quarter, oldest on the left. */
function trajectorySection(plan: PlanView): HTMLElement {
  // Columns are narrow: each says its quarter, and the line under the grid says which years they span.
  const quarterLabel = (q: string) => q.slice(5);
  const table = h(
    'table',
    { class: 'trajectory', testid: 'trajectory-grid' },
    h('caption', { class: 'sr-only' }, l10n.t('Each expectation’s status per calendar quarter, with that quarter alone as the review period')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, srOnly(l10n.t('Expectation'))),
        ...plan.quarters.map(q => h('th', { attrs: { scope: 'col' }, title: q }, quarterLabel(q))),
      ),
    ),
    h(
      'tbody',
      {},
      ...plan.trajectory.map(row =>
        h(
          'tr',
          { attrs: { 'data-expectation': row.id } },
          h('th', { class: 'trajectory-name', title: row.title, attrs: { scope: 'row' } }, row.title),
          ...row.statuses.map((s, i) =>
            h('td', { class: `trajectory-cell cell-${s}`, title: `${row.title}, ${plan.quarters[i]}: ${statusWord(s)}` }, srOnly(statusWord(s))),
          ),
        ),
      ),
    ),
  );
  const legend = h(
    'p',
    { class: 'trajectory-legend muted' },
    h('span', { class: 'trajectory-swatch cell-demonstrated' }),
    ` ${l10n.t('demonstrated')} `,
    h('span', { class: 'trajectory-swatch cell-partial' }),
    ` ${l10n.t('partial')} `,
    h('span', { class: 'trajectory-swatch cell-none' }),
    ` ${l10n.t('none, each quarter on its own')}`,
  );
  const span = plan.quarters.length
    ? h('p', { class: 'trajectory-legend muted' }, l10n.t('From {0} (left) to {1} (right).', plan.quarters[0]!, plan.quarters[plan.quarters.length - 1]!))
    : null;
  return section('trajectory', l10n.t('Growth over time'), [table, legend, span], { testid: 'trajectory' });
}
