import type { Analysis } from '../analyze';
import type { EvidenceItem, Level } from '../model';
import type { ExpectationResult } from '../assess/assess';

/** What both packet formats show, derived once from the analysis so Markdown and HTML cannot drift apart. */
export interface PacketView {
  title: string;
  who: string;
  periodLabel: string;
  generated: string;
  repos: string[];
  frameworkName: string;
  summary: string[];
  levels: { level: Level; title: string; demonstrated: number; total: number; rows: ExpectationRow[] }[];
  analysis: Analysis;
}

export interface ExpectationRow {
  result: ExpectationResult;
  citations: EvidenceItem[];
  /** Citations left out of the packet (the list is capped per expectation). */
  more: number;
}

export const STATUS_LABEL = { demonstrated: 'Demonstrated', partial: 'Partial', none: 'No evidence yet' } as const;

/** Nothing shown, and nothing git could show in these repositories: not a gap, and not in a level's total. */
export function isNotVisible(r: ExpectationResult): boolean {
  return r.visibility !== 'visible' && r.status === 'none';
}

export function statusLabel(r: ExpectationResult): string {
  return isNotVisible(r) ? 'Not visible here' : STATUS_LABEL[r.status];
}

/** What to work on: expectations not demonstrated that the history could show. */
export function gapsOf(analysis: Analysis): ExpectationResult[] {
  return analysis.expectations.filter(e => e.status !== 'demonstrated' && !isNotVisible(e));
}

/** Why an expectation shows nothing, for the packet's "not visible here" list. */
export function invisibleReason(r: ExpectationResult): string {
  return r.visibility === 'not-in-git' ? 'git cannot see this; logged wins can show it' : 'these repositories record no reviewer in git; imported reviews or logged wins can show it';
}
const LEVEL_TITLE: Record<Level, string> = { mid: 'Mid-level expectations', senior: 'Senior expectations' };
const MAX_CITATIONS = 8;

export function periodLabel(period: Analysis['period']): string {
  if (period.since && period.until) return `${period.since} to ${period.until}`;
  if (period.since) return `since ${period.since}`;
  if (period.until) return `until ${period.until}`;
  return 'all history';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A short name for each repository, as a reader knows it: the folder's name, with its parent's when two share one.
 * Evidence cited from several repositories leads with it, so a committee sees where each piece of work was done.
 */
export function repositoryLabels(repos: readonly string[]): Map<string, string> {
  const name = (r: string) => r.split(/[\\/]/).filter(Boolean).slice(-1)[0] ?? r;
  const twice = (r: string) => r.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
  return new Map(repos.map(r => [r, repos.some(o => o !== r && name(o) === name(r)) ? twice(r) : name(r)]));
}

function labelled(analysis: Analysis): (e: EvidenceItem) => EvidenceItem {
  const analysed = analysis.repos.filter(r => !r.error).map(r => r.path);
  const labels = repositoryLabels(analysed);
  return e => (analysed.length > 1 && labels.has(e.repo) ? { ...e, summary: `${labels.get(e.repo)}: ${e.summary}` } : e);
}

export function buildPacketView(analysis: Analysis): PacketView {
  const label = labelled(analysis);
  const who = analysis.identity.displayName ?? analysis.identity.names[0] ?? analysis.identity.emails[0] ?? 'me';
  const reviews = Object.values(analysis.reviews.byTrailer).reduce((a, b) => a + b, 0);
  const levels = (['mid', 'senior'] as const).map(level => {
    const results = analysis.expectations.filter(e => e.level === level);
    return {
      level,
      title: LEVEL_TITLE[level],
      demonstrated: results.filter(r => r.status === 'demonstrated').length,
      total: results.filter(r => !isNotVisible(r)).length,
      rows: results.map(result => ({
        result,
        citations: result.items.slice(0, MAX_CITATIONS).map(i => label(analysis.evidence[i]!)),
        more: Math.max(0, result.items.length - MAX_CITATIONS),
      })),
    };
  });
  const t = analysis.totals;
  const summary = [
    `${plural(t.commitsAuthored, 'commit')} authored over ${plural(t.activeWeeks, 'active week')}`,
    `${plural(reviews, 'review')} given by trailer (Reviewed-by, Acked-by, Tested-by, Approved-by), ${plural(t.mergesOfOthersWork, "merge")} of others' work, ${plural(t.commitsCommittedForOthers, 'patch', 'patches')} applied for others${analysis.reviews.imported ? `, ${plural(analysis.reviews.imported, 'review')} imported from the code host` : ''}`,
    `${plural(analysis.mentoring.people.length, 'person', 'people')} mentored${analysis.mentoring.helped ? `, ${plural(analysis.mentoring.helped, 'more person', 'more people')} helped once` : ''}`,
    `Main developer of ${plural(analysis.ownership.filter(o => o.mainDeveloper).length, 'area')}`,
    `${plural(analysis.wins.length, 'logged win')}`,
    ...levels.map(l => `${l.title}: ${l.demonstrated} of ${l.total} demonstrated`),
  ];
  return {
    title: `Promotion packet: ${who}`,
    who,
    periodLabel: periodLabel(analysis.period),
    generated: analysis.generatedAt.slice(0, 10),
    repos: analysis.repos.map(r => r.path),
    frameworkName: analysis.framework.name,
    summary,
    levels,
    analysis,
  };
}
