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
  if (days === 0) return 'due today';
  if (days > 60) return `due ${day(target)}`;
  if (days > 0) return `due in ${plural(days, 'day')}`;
  return `${plural(-days, 'day')} overdue`;
}

/** The panel's Plan section and the growth-over-time grid. */
export function renderPlan(state: PanelState, plan: PlanView): Child[] {
  return [planSection(state, plan), trajectorySection(plan)];
}

function planSection(state: PanelState, plan: PlanView): HTMLElement {
  const body: Child[] = [checkInLine(state, plan), trackLine(plan)];
  if (plan.goals.length)
    body.push(h('ul', { class: 'goals', testid: 'goals', attrs: { role: 'list', 'aria-label': 'Active goals' } }, ...plan.goals.map(goalRow)));
  else {
    body.push(
      emptyState(
        'Pick one skill to take to expert level in the next 6 to 12 months, and set it as a goal with a learning plan.',
        button('Set a Goal', () => post({ type: 'setGoal' }), { icon: 'target', secondary: true, testid: 'set-goal-empty' }),
      ),
    );
  }
  body.push(feedbackList(plan));
  return section('plan', 'Plan', body, {
    testid: 'plan',
    badge: plan.goals.length ? String(plan.goals.length) : undefined,
    badgeTitle: 'Active goals',
    actions: [
      iconButton('target', 'Set a Goal', () => post({ type: 'setGoal' }), { testid: 'set-goal', focusKey: 'plan-set-goal' }),
      iconButton('comment', 'Record Feedback', () => post({ type: 'recordFeedback' }), { testid: 'record-feedback', focusKey: 'plan-record-feedback' }),
      iconButton('checklist', 'Check In', () => post({ type: 'checkIn' }), { testid: 'check-in', focusKey: 'plan-check-in' }),
    ],
  });
}

function checkInLine(state: PanelState, plan: PlanView): HTMLElement {
  const due = addDays(plan.lastCheckIn, state.checkInEveryDays);
  const days = daysFromToday(due);
  const when =
    plan.lastCheckIn === null
      ? 'Your first check-in is due now'
      : days <= 0
        ? `Check-in ${days === 0 ? 'due today' : dueText(due)}`
        : `Next check-in ${dueText(due)} (${day(due)})`;
  const last = plan.lastCheckIn ? `Last: ${day(plan.lastCheckIn)}.` : 'Rate each expectation against the evidence, and see what moved since.';
  return h(
    'div',
    { class: `plan-checkin${days <= 0 ? ' plan-checkin-due' : ''}`, testid: 'next-check-in' },
    icon(days <= 0 ? 'bell-dot' : 'calendar', 'plan-icon'),
    h('span', { class: 'plan-checkin-text' }, h('span', {}, `${when}.`), h('span', { class: 'muted' }, ` ${last}`)),
    days <= 0 ? button('Check In', () => post({ type: 'checkIn' }), { secondary: true, testid: 'check-in-now' }) : null,
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
    plan.trackLabel ? 'Change' : 'Choose a track',
  );
  return h(
    'div',
    { class: 'plan-track', testid: 'track' },
    icon('compass', 'plan-icon'),
    plan.trackLabel
      ? h('span', { class: 'plan-track-text' }, `Track: ${plan.trackLabel}. Its expectations come first. `, choose)
      : h('span', { class: 'plan-track-text' }, h('span', { class: 'muted' }, 'No track chosen yet. '), choose),
  );
}

function goalRow(g: PlanView['goals'][number]): HTMLElement {
  const p = g.progress;
  const parts = [
    p.milestones ? `${p.milestonesDone} of ${plural(p.milestones, 'milestone')} done` : '',
    `${plural(p.evidence, 'piece')} of evidence`,
    plural(p.wins, 'win'),
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
        { class: `goal-due${overdue ? ' goal-overdue' : ''}`, title: g.due ? `Due ${day(g.due)}` : 'No due date' },
        g.due ? dueText(g.due) : 'no due date',
      ),
      iconButton('pass', `Complete “${g.title}”`, () => post({ type: 'completeGoal', id: g.id }), {
        testid: `complete-goal-${g.id}`,
        focusKey: `goal-complete:${g.id}`,
      }),
    ),
    p.milestones ? meter(p.milestonesDone / p.milestones, `${p.milestonesDone} of ${p.milestones} milestones done`, 'goal-meter') : null,
    h('span', { class: 'goal-meta' }, `${parts.join(' · ')} since ${day(g.created)}`),
  );
}

function feedbackList(plan: PlanView): HTMLElement {
  const heading = h(
    'h3',
    { class: 'plan-subheading' },
    'Recent feedback',
    plan.feedbackTotal > plan.feedback.length ? h('span', { class: 'muted' }, ` (${plan.feedback.length} of ${plan.feedbackTotal})`) : null,
  );
  if (plan.feedback.length === 0) {
    return h(
      'div',
      { class: 'plan-feedback', testid: 'feedback' },
      heading,
      emptyState(
        'Ask your manager and peers for feedback regularly, not only at review time, and record what they say.',
        button('Record Feedback', () => post({ type: 'recordFeedback' }), { icon: 'comment', secondary: true, testid: 'record-feedback-empty' }),
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
            h('span', { class: 'feedback-meta' }, h('bdi', {}, f.from), ` · ${day(f.date)} · ${f.kind === 'praise' ? 'praise' : 'constructive'}`),
          ),
        ),
      ),
    ),
  );
}

const STATUS_WORD: Readonly<Record<Status, string>> = { demonstrated: 'demonstrated', partial: 'partial', none: 'none' };

/** A compact grid: one row per expectation, one cell per quarter, oldest on the left. */
function trajectorySection(plan: PlanView): HTMLElement {
  // Columns are narrow: each says its quarter, and the line under the grid says which years they span.
  const quarterLabel = (q: string) => q.slice(5);
  const table = h(
    'table',
    { class: 'trajectory', testid: 'trajectory-grid' },
    h('caption', { class: 'sr-only' }, 'Each expectation’s status per calendar quarter, with that quarter alone as the review period'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, srOnly('Expectation')),
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
            h('td', { class: `trajectory-cell cell-${s}`, title: `${row.title}, ${plan.quarters[i]}: ${STATUS_WORD[s]}` }, srOnly(STATUS_WORD[s])),
          ),
        ),
      ),
    ),
  );
  const legend = h(
    'p',
    { class: 'trajectory-legend muted' },
    h('span', { class: 'trajectory-swatch cell-demonstrated' }),
    ' demonstrated ',
    h('span', { class: 'trajectory-swatch cell-partial' }),
    ' partial ',
    h('span', { class: 'trajectory-swatch cell-none' }),
    ' none, each quarter on its own',
  );
  const span = plan.quarters.length
    ? h('p', { class: 'trajectory-legend muted' }, `From ${plan.quarters[0]} (left) to ${plan.quarters[plan.quarters.length - 1]} (right).`)
    : null;
  return section('trajectory', 'Growth over time', [table, legend, span], { testid: 'trajectory' });
}
