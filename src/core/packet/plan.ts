import type { Analysis } from '../analyze';
import type { Status } from '../model';
import { TRACK_LABELS } from '../plan/profile';
import { escapeHtml as h, escapeMarkdown as md, plain } from './text';

/**
 * The packet's Plan section: the chosen track, goals with their learning plans and progress, the feedback received,
 * and each expectation's status per quarter. A packet without any plan note or track has no Plan section.
 */

const CELL: Readonly<Record<Status, string>> = { demonstrated: '●', partial: '◐', none: '·' };
const LEGEND = '● demonstrated · ◐ partial · · none, with that quarter alone as the review period';

function hasPlan(a: Analysis): boolean {
  return a.goals.length > 0 || a.feedback.length > 0 || a.checkIns.length > 0 || a.track !== null;
}

function goalLine(g: Analysis['goals'][number]): string {
  const p = g.progress;
  const parts = [g.status === 'active' ? (g.due ? `due ${g.due}` : 'no due date') : g.status];
  if (p.milestones) parts.push(`${p.milestonesDone} of ${p.milestones} milestones done`);
  parts.push(`${p.evidence} pieces of evidence and ${p.wins} wins since ${g.created}`);
  return parts.join(' · ');
}

export function planMarkdown(a: Analysis): string[] {
  if (!hasPlan(a)) return [];
  const out = ['## Plan', ''];
  if (a.track) out.push(`Track: ${TRACK_LABELS[a.track]}`, '');
  if (a.goals.length) out.push('### Goals', '');
  for (const g of a.goals) {
    out.push(`- **${md(g.title)}** (${goalLine(g)})${g.expectations.length ? `: ${g.expectations.map(x => `\`${md(x)}\``).join(', ')}` : ''}`);
    for (const m of g.milestones) out.push(`  - [${m.done ? 'x' : ' '}] ${md(m.title)}`);
    if (g.learningPlan) out.push(`  - Learning plan: ${md(g.learningPlan, 2000)}`);
  }
  if (a.goals.length) out.push('');
  if (a.feedback.length) out.push('### Feedback received', '');
  for (const f of a.feedback) out.push(`- ${f.date}, ${md(f.from)} (${f.kind}): ${md(f.text, 1000)}`);
  if (a.feedback.length) out.push('');
  out.push('### Growth over time', '', `_${LEGEND}._`, '');
  out.push(`| Expectation | ${a.trajectory.map(q => q.quarter).join(' | ')} |`, `| --- |${a.trajectory.map(() => ' :-: |').join('')}`);
  for (const x of a.expectations) out.push(`| ${md(x.title)} | ${a.trajectory.map(q => CELL[q.expectations[x.id] ?? 'none']).join(' | ')} |`);
  out.push('');
  return out;
}

export function planHtml(a: Analysis): string[] {
  if (!hasPlan(a)) return [];
  const parts = ['<h2>Plan</h2>'];
  if (a.track) parts.push(`<p>Track: ${h(TRACK_LABELS[a.track])}</p>`);
  if (a.goals.length) {
    parts.push('<h3>Goals</h3><ul>');
    for (const g of a.goals) {
      const supports = g.expectations.length ? `: ${g.expectations.map(x => `<code>${h(plain(x))}</code>`).join(', ')}` : '';
      const milestones = g.milestones.length ? `<ul>${g.milestones.map(m => `<li>${m.done ? '☑' : '☐'} ${h(plain(m.title))}</li>`).join('')}</ul>` : '';
      const plan = g.learningPlan ? `<p>Learning plan: ${h(plain(g.learningPlan, 2000))}</p>` : '';
      parts.push(`<li><strong>${h(plain(g.title))}</strong> (${h(goalLine(g))})${supports}${milestones}${plan}</li>`);
    }
    parts.push('</ul>');
  }
  if (a.feedback.length) {
    parts.push(
      `<h3>Feedback received</h3><ul>${a.feedback.map(f => `<li>${h(f.date)}, ${h(plain(f.from))} (${f.kind}): ${h(plain(f.text, 1000))}</li>`).join('')}</ul>`,
    );
  }
  parts.push(`<h3>Growth over time</h3><p class="meta">${h(LEGEND)}.</p>`);
  const head = `<tr><th>Expectation</th>${a.trajectory.map(q => `<th>${h(q.quarter)}</th>`).join('')}</tr>`;
  const rows = a.expectations.map(
    x =>
      `<tr><td>${h(plain(x.title))}</td>${a.trajectory.map(q => `<td title="${h(q.expectations[x.id] ?? 'none')}">${CELL[q.expectations[x.id] ?? 'none']}</td>`).join('')}</tr>`,
  );
  parts.push(`<table>${head}${rows.join('')}</table>`);
  return parts;
}
