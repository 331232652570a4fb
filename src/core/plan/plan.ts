import type { EvidenceItem, Status } from '../model';
import type { ExpectationResult } from '../assess/assess';
import type { FileProblem } from '../framework/loader';
import type { Framework } from '../framework/types';
import type { Note } from '../notes/notesStore';
import { formatDay } from '../period';
import { readCheckIns, readFeedback, readGoals, type CheckIn, type Feedback, type Goal, type Rating, type SelfAssessment } from './notes';
import { readProfile, type Track } from './profile';
import type { TrajectoryPoint } from './trajectory';

/** How far a goal has come: its milestones, and the evidence and wins for its expectations since it was set. */
export interface GoalProgress {
  milestonesDone: number;
  milestones: number;
  /** Distinct commits in the period, from the goal's start on, that count for its expectations. */
  evidence: number;
  /** Wins from the goal's start on that name one of its expectations. */
  wins: number;
}

export interface GoalResult extends Goal {
  progress: GoalProgress;
}

/** What the plan adds to an analysis (see Analysis). */
export interface PlanFields {
  goals: GoalResult[];
  feedback: Feedback[];
  checkIns: CheckIn[];
  track: Track | null;
  /** The expectations the chosen track leads with, in the framework's order for it; empty without a track. */
  trackExpectations: string[];
  trajectory: TrajectoryPoint[];
}

export interface PlanNotes {
  goals: Goal[];
  feedback: Feedback[];
  checkIns: CheckIn[];
  track: Track | null;
  problems: FileProblem[];
}

/** Every plan note and the profile; what cannot be read is reported, and the rest still stands. */
export async function readPlanNotes(notesDir: string | undefined): Promise<PlanNotes> {
  if (!notesDir) return { goals: [], feedback: [], checkIns: [], track: null, problems: [] };
  const [goals, feedback, checkIns] = await Promise.all([readGoals(notesDir), readFeedback(notesDir), readCheckIns(notesDir)]);
  const problems = [...feedback.problems, ...goals.problems, ...checkIns.problems];
  let track: Track | null = null;
  try {
    track = (await readProfile(notesDir)).track;
  } catch (error) {
    problems.push(error as FileProblem);
  }
  return { goals: goals.notes, feedback: feedback.notes, checkIns: checkIns.notes, track, problems };
}

export function goalProgress(goal: Goal, expectations: readonly ExpectationResult[], evidence: readonly EvidenceItem[], wins: readonly Note[]): GoalProgress {
  const commits = new Set<string>();
  for (const x of expectations) {
    if (!goal.expectations.includes(x.id)) continue;
    for (const i of x.items) {
      const e = evidence[i]!;
      if (e.signal !== 'win.logged' && e.date >= goal.created) commits.add(`${e.repo}\n${e.commit}`);
    }
  }
  return {
    milestonesDone: goal.milestones.filter(m => m.done).length,
    milestones: goal.milestones.length,
    evidence: commits.size,
    wins: wins.filter(w => w.date >= goal.created && w.expectations.some(id => goal.expectations.includes(id))).length,
  };
}

export function planFields(
  notes: PlanNotes,
  framework: Framework,
  analysis: { expectations: ExpectationResult[]; evidence: EvidenceItem[]; wins: Note[] },
  trajectory: TrajectoryPoint[],
): PlanFields {
  return {
    goals: notes.goals.map(g => ({ ...g, progress: goalProgress(g, analysis.expectations, analysis.evidence, analysis.wins) })),
    feedback: notes.feedback,
    checkIns: notes.checkIns,
    track: notes.track,
    trackExpectations: notes.track ? (framework.tracks?.[notes.track] ?? []).filter(id => framework.expectations.some(e => e.id === id)) : [],
    trajectory,
  };
}

/** The expectations with the chosen track's first, each group in its own order. */
export function trackFirst<T extends { id: string }>(expectations: readonly T[], trackExpectations: readonly string[]): T[] {
  const lead = trackExpectations.map(id => expectations.find(e => e.id === id)).filter((e): e is T => !!e);
  return [...lead, ...expectations.filter(e => !trackExpectations.includes(e.id))];
}

const RATING_OF: Readonly<Record<Status, Rating>> = { demonstrated: 'met', partial: 'growing', none: 'not-yet' };
const RANK: Readonly<Record<Rating, number>> = { 'not-yet': 0, growing: 1, met: 2 };
export const RATING_LABELS: Readonly<Record<Rating, string>> = { met: 'met', growing: 'growing', 'not-yet': 'not yet' };

/** A self-assessment prefilled from the evidence: met when demonstrated, growing when partial, not yet otherwise. */
export function prefillCheckIn(expectations: readonly ExpectationResult[]): SelfAssessment[] {
  return expectations.map(x => ({ expectation: x.id, rating: RATING_OF[x.status], why: whyLine(x) }));
}

function whyLine(x: ExpectationResult): string {
  const pieces = (n: number) => `${n} ${n === 1 ? 'piece' : 'pieces'} of evidence`;
  if (x.status === 'demonstrated') return `${pieces(x.evidence)} in the period (${x.demonstratedAt} needed).`;
  if (x.visibility === 'not-in-git' && x.evidence === 0) return 'Git cannot show this; no win logged for it yet.';
  if (x.visibility === 'not-recorded-here' && x.evidence === 0) return 'This repository’s workflow records no reviews; import them or log a win.';
  return x.evidence > 0 ? `${x.evidence} of ${pieces(x.demonstratedAt)} in the period.` : 'No evidence in the period yet.';
}

export interface CheckInChange {
  expectation: string;
  from: Rating;
  to: Rating;
}

/** What moved since the last check-in, up or down, in the order of `current`. */
export function changesSince(last: CheckIn | undefined, current: readonly SelfAssessment[]): CheckInChange[] {
  if (!last) return [];
  const before = new Map(last.assessments.map(a => [a.expectation, a.rating]));
  return current.flatMap(a => {
    const from = before.get(a.expectation);
    return from && from !== a.rating ? [{ expectation: a.expectation, from, to: a.rating }] : [];
  });
}

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countWord = (n: number) => NUMBERS[n] ?? String(n);
const expectationsWord = (n: number) => `${countWord(n)} ${n === 1 ? 'expectation' : 'expectations'}`;

/** "Since your last check-in (2026-09-01): two expectations moved to met; one moved back to growing." */
export function describeChanges(last: CheckIn | undefined, changes: readonly CheckInChange[]): string {
  if (!last) return 'This is your first check-in: the next one will show what moved since.';
  if (changes.length === 0) return `Since your last check-in (${last.date}): nothing moved.`;
  const parts: string[] = [];
  for (const to of ['met', 'growing', 'not-yet'] as const) {
    const up = changes.filter(c => c.to === to && RANK[c.to] > RANK[c.from]).length;
    const down = changes.filter(c => c.to === to && RANK[c.to] < RANK[c.from]).length;
    if (up) parts.push(`${expectationsWord(up)} moved up to ${RATING_LABELS[to]}`);
    if (down) parts.push(`${expectationsWord(down)} moved back to ${RATING_LABELS[to]}`);
  }
  return `Since your last check-in (${last.date}): ${parts.join('; ')}.`;
}

/** The check-in cadences offered, in days between check-ins. */
export const CHECK_IN_CADENCES = { weekly: 7, fortnightly: 14, monthly: 30, quarterly: 91 } as const;
export type CheckInCadence = keyof typeof CHECK_IN_CADENCES;

/** The day the next check-in is due: `cadence` after the last one, or today when there has been none. */
export function nextCheckInDue(last: CheckIn | undefined, cadence: CheckInCadence, today: string): string {
  if (!last) return today;
  const d = new Date(`${last.date}T12:00:00`);
  d.setDate(d.getDate() + CHECK_IN_CADENCES[cadence]);
  return formatDay(d);
}
