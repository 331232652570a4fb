import * as path from 'node:path';
import type { Analysis } from '../core/analyze';
import type { EvidenceItem } from '../core/model';
import { areaLabel } from '../core/evidence/ownership';
import { describeWorkflow } from '../core/evidence/workflow';
import * as l10n from '@vscode/l10n';
import { periodPresetLabel, type AnalysisView, type EvidenceView, type PeriodPreset, type PlanView } from '../protocol/messages';
import { trackFirst } from '../core/plan/plan';
import type { Track } from '../core/plan/profile';
import { formatDay, lastMonths } from '../core/period';
import { refersTo } from '../core/notes/statements';

/** How many evidence items each expectation sends to the panel; the full count travels separately. */
export const ITEMS_PER_EXPECTATION = 25;
/** How many people mentored the panel lists (a long history can credit thousands); the full count travels separately. */
export const PEOPLE_SHOWN = 25;

/** How much of a statement the panel shows; the file holds the rest. */
export const STATEMENT_SHOWN = 400;

function evidenceView(e: EvidenceItem, remoteLinks: boolean, pinned: readonly string[], hidden: readonly string[]): EvidenceView {
  return {
    kind: e.kind,
    signal: e.signal,
    repo: e.repo,
    commit: e.commit,
    date: e.date,
    summary: e.summary,
    subject: e.subject,
    hasWebLink: remoteLinks && !!e.link,
    pinned: pinned.some(r => refersTo(r, e.commit)),
    hidden: hidden.some(r => refersTo(r, e.commit)),
  };
}

/** The part of an analysis the panel shows, trimmed so a huge history never floods the webview. */
export function toAnalysisView(a: Analysis, remoteLinks: boolean): AnalysisView {
  const statements = new Map(a.statements.map(s => [s.expectation, s] as const));
  // As in the packet: hidden in any statement is hidden everywhere; a pin leads only its own expectation.
  const hidden = a.statements.flatMap(s => s.hidden);
  return {
    repos: a.repos.map(r => ({
      path: r.path,
      name: path.basename(r.path),
      commitsScanned: r.commitsScanned,
      shallow: r.shallow,
      ...(r.notices?.length ? { notices: r.notices } : {}),
      ...(r.workflow ? { workflow: { ...r.workflow, description: describeWorkflow(r.workflow) } } : {}),
      ...(r.error ? { error: r.error.message } : {}),
    })),
    totals: a.totals,
    reviewsByTrailer: a.reviews.byTrailer,
    reviewsElsewhere: { gerritVotes: a.reviews.gerritVotes, imported: a.reviews.imported },
    expectations: trackFirst(a.expectations, a.trackExpectations).map(x => ({
      id: x.id,
      level: x.level,
      title: x.title,
      areaTitle: x.areaTitle,
      description: x.description,
      status: x.status,
      evidence: x.evidence,
      demonstratedAt: x.demonstratedAt,
      gitVisible: x.gitVisible,
      visibility: x.visibility,
      nextStep: x.nextStep,
      trend: x.trend,
      items: x.items.slice(0, ITEMS_PER_EXPECTATION).map(i => evidenceView(a.evidence[i]!, remoteLinks, statements.get(x.id)?.pinned ?? [], hidden)),
      moreItems: Math.max(0, x.items.length - ITEMS_PER_EXPECTATION),
      statement: statements.get(x.id)?.text ? statements.get(x.id)!.text.slice(0, STATEMENT_SHOWN) : null,
    })),
    ownership: a.ownership.slice(0, 12).map(o => ({
      repoName: path.basename(o.repo),
      path: areaLabel(o.path),
      share: o.share,
      commits: o.commits,
      linesChanged: o.linesChanged,
      mainDeveloper: o.mainDeveloper,
      soleRecentAuthor: o.soleRecentAuthor,
    })),
    displayName: a.identity.displayName,
    aliasCandidates: a.identity.aliasCandidates,
    mentored: a.mentoring.people.slice(0, PEOPLE_SHOWN), // the analysis lists them by commits, most first
    mentoredTotal: a.mentoring.people.length,
    helped: a.mentoring.helped,
    wins: a.wins.slice(0, 20).map(w => ({ id: w.id, title: w.title, date: w.date, impact: w.impact, expectations: w.expectations, file: w.file })),
    plan: planView(a),
    problems: a.problems,
    generatedAt: a.generatedAt,
  };
}

/**
 * The view with the repositories growthLedger.repositories added marked as such, and the folders of that setting
 * that gave nothing to read listed after them, each with its message: the panel says what failed and where to fix it.
 */
export function withSettingRepositories(
  view: AnalysisView,
  fromSetting: ReadonlySet<string>,
  unreachable: readonly { path: string; message: string }[],
): AnalysisView {
  if (fromSetting.size === 0 && unreachable.length === 0) return view;
  return {
    ...view,
    repos: [
      ...view.repos.map(r => (fromSetting.has(r.path) ? { ...r, fromSetting: true } : r)),
      ...unreachable.map(u => ({
        path: u.path,
        name: path.basename(u.path) || u.path,
        commitsScanned: 0,
        shallow: false,
        error: u.message,
        fromSetting: true,
        unreachable: true,
      })),
    ],
  };
}

/** How much feedback the panel lists. */
export const FEEDBACK_SHOWN = 3;

function planView(a: Analysis): PlanView {
  return {
    goals: a.goals
      .filter(g => g.status === 'active')
      .sort((x, y) => (x.due ?? '9999').localeCompare(y.due ?? '9999') || y.created.localeCompare(x.created))
      .map(({ id, title, due, created, expectations, milestones, progress }) => ({ id, title, due, created, expectations, milestones, progress })),
    feedback: a.feedback.slice(0, FEEDBACK_SHOWN).map(({ id, from, date, text, kind }) => ({ id, from, date, text, kind })),
    feedbackTotal: a.feedback.length,
    lastCheckIn: a.checkIns[0]?.date ?? null,
    track: a.track,
    trackLabel: a.track ? trackLabel(a.track) : null,
    quarters: a.trajectory.map(q => q.quarter),
    trajectory: trackFirst(a.expectations, a.trackExpectations).map(x => ({
      id: x.id,
      title: x.title,
      level: x.level,
      statuses: a.trajectory.map(q => q.expectations[x.id] ?? 'none'),
    })),
  };
}

/** The track's name as the panel and the Choose Track pick show it (the packet keeps the core's English one). */
export function trackLabel(track: Track): string {
  switch (track) {
    case 'ic':
      return l10n.t('Individual contributor');
    case 'manager':
      return l10n.t('People manager');
    case 'hybrid':
      return l10n.t('Hybrid (leads a small team, stays hands-on)');
  }
}

export interface ResolvedPeriod {
  preset: PeriodPreset;
  label: string;
  since: string | null;
  until: string | null;
}

export function periodLabel(preset: PeriodPreset): string {
  return periodPresetLabel(preset);
}

/** Turns a preset (and the custom dates) into the since/until the core takes. */
export function resolvePeriod(preset: PeriodPreset, custom: { since: string; until: string }, now = new Date()): ResolvedPeriod {
  switch (preset) {
    case '3m':
    case '6m':
    case '12m': {
      const p = lastMonths(Number(preset.slice(0, -1)), now);
      return { preset, label: periodPresetLabel(preset), since: p.since, until: null };
    }
    case 'ytd':
      return { preset, label: periodPresetLabel('ytd'), since: formatDay(new Date(now.getFullYear(), 0, 1)), until: null };
    case 'all':
      return { preset, label: periodPresetLabel('all'), since: null, until: null };
    case 'custom': {
      const since = custom.since || null;
      const until = custom.until || null;
      return { preset, label: l10n.t('{0} to {1}', since ?? l10n.t('start'), until ?? l10n.t('today')), since, until };
    }
  }
}
