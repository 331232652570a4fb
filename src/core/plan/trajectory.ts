import type { EvidenceItem, Status } from '../model';
import { assess, winEvidence } from '../assess/assess';
import { isMentored, mergeMentees, relabelOneOffHelp, type Mentee } from '../evidence/mentoring';
import type { Framework } from '../framework/types';
import type { Note } from '../notes/notesStore';
import { evidenceOrder } from '../repoAnalysis';
import { quarterOf, type QuarterEvidence, type QuarterSpan } from './quarters';

/** Each expectation's status in one calendar quarter. */
export interface TrajectoryPoint {
  quarter: string;
  expectations: Record<string, Status>;
}

/**
 * Growth over time: for each quarter, the status the assessment gives each expectation when that quarter alone is the
 * review period (the same detectors and the same thresholds, with the wins dated in it), oldest quarter first. The
 * evidence comes from the histories already read (see QuarterEvidence), so this runs no git.
 */
export function trajectoryOf(
  framework: Framework,
  spans: readonly QuarterSpan[],
  repos: readonly (readonly QuarterEvidence[])[],
  notes: readonly Note[],
  unrecorded: Parameters<typeof assess>[4],
): TrajectoryPoint[] {
  return spans.map(span => {
    const evidence: EvidenceItem[] = [];
    const mentees = new Map<string, Mentee>();
    for (const quarters of repos) {
      const found = quarters.find(q => q.quarter === span.quarter);
      if (!found) continue;
      evidence.push(...found.evidence);
      mergeMentees(mentees, found.mentees);
    }
    relabelOneOffHelp(evidence, new Set([...mentees.values()].filter(isMentored).map(p => p.email)));
    const wins = notes.filter(n => quarterOf(n.date) === span.quarter);
    evidence.push(...wins.map(winEvidence));
    evidence.sort(evidenceOrder);
    const results = assess(framework, evidence, [...wins], new Date(span.period.to), unrecorded);
    return { quarter: span.quarter, expectations: Object.fromEntries(results.map(r => [r.id, r.status])) };
  });
}
