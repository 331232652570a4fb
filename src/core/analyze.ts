import * as path from 'node:path';
import type { EvidenceItem, Signal } from './model';
import { GitError, checkGitVersion } from './git/exec';
import { normaliseEmail } from './git/identity';
import { isMentored, mergeMentees, relabelOneOffHelp, type Mentee, type MentoredPerson } from './evidence/mentoring';
import type { AliasCandidate } from './evidence/identityFacts';
import { howToBringReviewsIn, REVIEW_RECORD_SIGNALS } from './evidence/workflow';
import type { OwnershipArea } from './evidence/ownership';
import { analyzeRepository, evidenceOrder, type AnalyzedRepo, type RepoAnalysisOptions, type RepoResult } from './repoAnalysis';
import { assess, winEvidence, type ExpectationResult } from './assess/assess';
import { DEFAULT_FRAMEWORK } from './framework/defaultFramework';
import type { Framework } from './framework/types';
import { readNotes, type Note } from './notes/notesStore';
import { importedReviewEvidence } from './imports/reviews';
import { readStatements, type Statement } from './notes/statements';
import type { FileProblem } from './framework/loader';
import { parsePeriod } from './period';
import { planFields, readPlanNotes, type PlanFields } from './plan/plan';
import { lastQuarters, type QuarterEvidence } from './plan/quarters';
import { trajectoryOf } from './plan/trajectory';

export const SCHEMA_VERSION = 1;

export interface AnalyzeOptions extends RepoAnalysisOptions {
  repos: string[];
  /** Extra addresses that are mine, on top of each repository's user.email. */
  identities?: string[];
  since?: string | null;
  until?: string | null;
  /** Folder holding `wins/`, `statements/`, the plan notes and `profile.yaml`; no notes are read when absent. */
  notesDir?: string;
  framework?: Framework;
  /** Keep analysing the other repositories when one fails; the failure is reported on that repository. */
  continueOnError?: boolean;
}

export interface RepoSummary extends AnalyzedRepo {
  /** Why the repository could not be analysed (with continueOnError); its other fields are then empty. */
  error?: { code: string; message: string };
}

/** The growth plan's fields (goals, feedback, check-ins, track, trajectory) are declared with the plan, in PlanFields. */
export interface Analysis extends PlanFields {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  identity: {
    emails: string[];
    names: string[];
    /** The name on most of my commits in the analysed history (after .mailmap); else user.name; else null. */
    displayName: string | null;
    /** Addresses that look like mine but do not count until added (see AliasCandidate). */
    aliasCandidates: AliasCandidate[];
  };
  period: { since: string | null; until: string | null };
  framework: { name: string; source: string };
  repos: RepoSummary[];
  totals: { commitsAuthored: number; commitsCommittedForOthers: number; mergesOfOthersWork: number; activeWeeks: number };
  /** `gerritVotes`: others' Gerrit changes I voted on; `imported`: reviews imported from the code host (`review.imported` items) closed in the period. */
  reviews: { byTrailer: Record<'Reviewed-by' | 'Acked-by' | 'Tested-by' | 'Approved-by', number>; gerritVotes: number; imported: number };
  mentoring: {
    byTrailer: Record<'Mentored-by' | 'Helped-by' | 'Suggested-by' | 'Co-authored-by' | 'Co-developed-by', number>;
    /** People I mentored: they credited me, or I guided them on two or more days. */
    people: MentoredPerson[];
    /** People I helped once: one commit, or several on the same day. */
    helped: number;
  };
  ownership: OwnershipArea[];
  evidence: EvidenceItem[];
  expectations: ExpectationResult[];
  wins: Note[];
  /** My statements, one per expectation that has one: the text, and the evidence pinned to lead it or hidden from the packet. */
  statements: Statement[];
  problems: { file: string; line: number; message: string }[];
}

/** localeCompare's order, with one collator instead of one per comparison. */
const collate = new Intl.Collator().compare;

/** The whole analysis: every repository, the notes, and the assessment against the framework. */
export async function analyze(options: AnalyzeOptions): Promise<Analysis> {
  const period = parsePeriod(options.since, options.until);
  await checkGitVersion(options);
  const framework = options.framework ?? DEFAULT_FRAMEWORK;
  const extraEmails = (options.identities ?? []).map(normaliseEmail).filter(Boolean);
  const repos: RepoSummary[] = [];
  const emails = new Set<string>(extraEmails);
  const names = new Set<string>();
  const totals = { commitsAuthored: 0, commitsCommittedForOthers: 0, mergesOfOthersWork: 0, activeWeeks: 0 };
  const reviewsByTrailer = { 'Reviewed-by': 0, 'Acked-by': 0, 'Tested-by': 0, 'Approved-by': 0 };
  let gerritVotes = 0;
  const mentoringByTrailer = { 'Mentored-by': 0, 'Helped-by': 0, 'Suggested-by': 0, 'Co-authored-by': 0, 'Co-developed-by': 0 };
  const mentees = new Map<string, Mentee>();
  const myNames = new Map<string, number>();
  const candidates = new Map<string, AliasCandidate>();
  const ownership: OwnershipArea[] = [];
  const evidence: EvidenceItem[] = [];
  const quarters: QuarterEvidence[][] = [];

  for (const dir of options.repos) {
    let result: RepoResult;
    try {
      result = await analyzeRepository(dir, options, period, extraEmails);
    } catch (error) {
      if (!options.continueOnError || (error instanceof GitError && (error.code === 'cancelled' || error.code === 'git-missing'))) throw error;
      const e = error instanceof GitError ? error : new GitError('failed', error instanceof Error ? error.message : String(error));
      repos.push({
        path: path.resolve(dir),
        head: '',
        branch: null,
        commitsScanned: 0,
        shallow: false,
        remoteUrl: null,
        error: { code: e.code, message: e.message },
      });
      continue;
    }
    repos.push(result.summary);
    result.identity.emails.forEach(e => emails.add(e));
    result.identity.names.forEach(n => names.add(n));
    totals.commitsAuthored += result.authored;
    totals.commitsCommittedForOthers += result.reviewCounts.commitsCommittedForOthers;
    totals.mergesOfOthersWork += result.reviewCounts.mergesOfOthersWork;
    gerritVotes += result.reviewCounts.gerritVotes;
    for (const [k, v] of Object.entries(result.reviewCounts.byTrailer)) reviewsByTrailer[k as keyof typeof reviewsByTrailer] += v;
    for (const [k, v] of Object.entries(result.mentoring.byTrailer)) mentoringByTrailer[k as keyof typeof mentoringByTrailer] += v;
    mergeMentees(mentees, result.mentoring.people);
    for (const { name, commits } of result.identityFacts.names) myNames.set(name, (myNames.get(name) ?? 0) + commits);
    for (const c of result.identityFacts.aliasCandidates) {
      const known = candidates.get(c.email);
      candidates.set(c.email, known ? { ...known, commits: known.commits + c.commits } : { ...c });
    }
    ownership.push(...result.ownership);
    evidence.push(...result.evidence);
    quarters.push(result.quarters);
  }

  const mentored = [...mentees.values()].filter(isMentored);
  const mentoredEmails = new Set(mentored.map(p => p.email));
  relabelOneOffHelp(evidence, mentoredEmails);
  for (const email of emails) candidates.delete(email);

  let notes: Note[] = [];
  let problems: FileProblem[] = [];
  let statements: Statement[] = [];
  if (options.notesDir) {
    ({ notes, problems } = await readNotes(options.notesDir));
    const read = await readStatements(options.notesDir);
    statements = read.statements;
    problems = [...problems, ...read.problems];
  }
  const imported = options.notesDir ? await importedReviewEvidence(options.notesDir, repos, [...emails], period, options) : { evidence: [], problems: [] };
  problems.push(...imported.problems);
  const inPeriodDay = (date: string) => {
    const t = new Date(`${date}T12:00:00`).getTime();
    return Number.isNaN(t) || (t >= period.from - 12 * 3600e3 && t <= period.to);
  };
  const wins = notes.filter(n => inPeriodDay(n.date));
  evidence.push(...wins.map(winEvidence), ...imported.evidence);
  // Each repository's evidence comes in this order already, so the sort only merges (and places wins and imports).
  evidence.sort(evidenceOrder);
  totals.activeWeeks = evidence.filter(e => e.signal === 'consistency.activeWeek').length;
  ownership.sort((a, b) => b.linesChanged - a.linesChanged || b.commits - a.commits);

  const periodEnd = new Date(Number.isFinite(period.to) ? period.to : (options.now ?? new Date()).getTime());
  const unrecorded = unrecordedSignals(repos, imported.evidence.length);
  const expectations = assess(framework, evidence, wins, periodEnd, unrecorded);
  const plan = await readPlanNotes(options.notesDir);
  problems.push(...plan.problems);
  const trajectory = trajectoryOf(framework, lastQuarters(options.now ?? new Date()), quarters, notes, unrecorded);
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    identity: {
      emails: [...emails].sort(),
      names: [...names],
      displayName: [...myNames].sort((a, b) => b[1] - a[1] || collate(a[0], b[0]))[0]?.[0] ?? [...names][0] ?? null,
      aliasCandidates: [...candidates.values()].sort((a, b) => b.commits - a.commits || collate(a.email, b.email)).slice(0, 5),
    },
    period: { since: period.since, until: period.until },
    framework: { name: framework.name, source: framework.source },
    repos,
    totals,
    reviews: { byTrailer: reviewsByTrailer, gerritVotes, imported: imported.evidence.length },
    mentoring: {
      byTrailer: mentoringByTrailer,
      people: mentored.map(({ name, email, commits }) => ({ name, email, commits })).sort((a, b) => b.commits - a.commits || collate(a.email, b.email)),
      helped: mentees.size - mentored.length,
    },
    ownership,
    evidence,
    expectations,
    wins,
    statements,
    problems: problems.map(p => ({ file: p.file, line: p.line, message: p.message })),
    ...planFields(plan, framework, { expectations, evidence, wins }, trajectory),
  };
}

/**
 * Signals no analysed repository can record: review signals when every repository lands changes in a way that
 * writes no reviewer (GitHub's squash or rebase button, Gerrit without its review notes). One repository that
 * records reviews, or any imported review, makes them visible.
 */
function unrecordedSignals(repos: readonly RepoSummary[], imported: number): { signals: ReadonlySet<Signal>; nextStep: string } {
  const workflows = repos.flatMap(r => (r.workflow ? [r.workflow] : []));
  if (imported > 0 || workflows.length === 0 || workflows.some(w => w.reviewsRecorded)) return { signals: new Set(), nextStep: '' };
  return { signals: new Set<Signal>([...REVIEW_RECORD_SIGNALS, 'review.imported']), nextStep: howToBringReviewsIn(workflows) };
}
