import * as path from 'node:path';
import type { EvidenceItem } from './model';
import { GitError, checkGitVersion } from './git/exec';
import { normaliseEmail } from './git/identity';
import type { MentoredPerson } from './evidence/mentoring';
import type { OwnershipArea } from './evidence/ownership';
import { analyzeRepository, evidenceOrder, type AnalyzedRepo, type RepoAnalysisOptions, type RepoResult } from './repoAnalysis';
import { assess, winEvidence, type ExpectationResult } from './assess/assess';
import { DEFAULT_FRAMEWORK } from './framework/defaultFramework';
import type { Framework } from './framework/types';
import { readNotes, type Note } from './notes/notesStore';
import type { FileProblem } from './framework/loader';
import { parsePeriod } from './period';

export const SCHEMA_VERSION = 1;

export interface AnalyzeOptions extends RepoAnalysisOptions {
  repos: string[];
  /** Extra addresses that are mine, on top of each repository's user.email. */
  identities?: string[];
  since?: string | null;
  until?: string | null;
  /** Folder holding `wins/`; no notes are read when absent. */
  notesDir?: string;
  framework?: Framework;
  /** Keep analysing the other repositories when one fails; the failure is reported on that repository. */
  continueOnError?: boolean;
}

export interface RepoSummary extends AnalyzedRepo {
  /** Why the repository could not be analysed (with continueOnError); its other fields are then empty. */
  error?: { code: string; message: string };
}

export interface Analysis {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  identity: { emails: string[]; names: string[] };
  period: { since: string | null; until: string | null };
  framework: { name: string; source: string };
  repos: RepoSummary[];
  totals: { commitsAuthored: number; commitsCommittedForOthers: number; mergesOfOthersWork: number; activeWeeks: number };
  reviews: { byTrailer: Record<'Reviewed-by' | 'Acked-by' | 'Tested-by' | 'Approved-by', number> };
  mentoring: {
    byTrailer: Record<'Mentored-by' | 'Helped-by' | 'Suggested-by' | 'Co-authored-by' | 'Co-developed-by', number>;
    people: MentoredPerson[];
  };
  ownership: OwnershipArea[];
  evidence: EvidenceItem[];
  expectations: ExpectationResult[];
  wins: Note[];
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
  const mentoringByTrailer = { 'Mentored-by': 0, 'Helped-by': 0, 'Suggested-by': 0, 'Co-authored-by': 0, 'Co-developed-by': 0 };
  const people = new Map<string, MentoredPerson>();
  const ownership: OwnershipArea[] = [];
  const evidence: EvidenceItem[] = [];

  for (const dir of options.repos) {
    let result: RepoResult;
    try {
      result = await analyzeRepository(dir, options, period, extraEmails);
    } catch (error) {
      if (!options.continueOnError || (error instanceof GitError && (error.code === 'cancelled' || error.code === 'git-missing'))) throw error;
      const e = error instanceof GitError ? error : new GitError('failed', error instanceof Error ? error.message : String(error));
      repos.push({ path: path.resolve(dir), head: '', branch: null, commitsScanned: 0, shallow: false, remoteUrl: null, error: { code: e.code, message: e.message } });
      continue;
    }
    repos.push(result.summary);
    result.identity.emails.forEach(e => emails.add(e));
    result.identity.names.forEach(n => names.add(n));
    totals.commitsAuthored += result.authored;
    totals.commitsCommittedForOthers += result.reviewCounts.commitsCommittedForOthers;
    totals.mergesOfOthersWork += result.reviewCounts.mergesOfOthersWork;
    for (const [k, v] of Object.entries(result.reviewCounts.byTrailer)) reviewsByTrailer[k as keyof typeof reviewsByTrailer] += v;
    for (const [k, v] of Object.entries(result.mentoring.byTrailer)) mentoringByTrailer[k as keyof typeof mentoringByTrailer] += v;
    for (const p of result.mentoring.people) {
      const known = people.get(p.email);
      people.set(p.email, known ? { ...known, commits: known.commits + p.commits } : { ...p });
    }
    ownership.push(...result.ownership);
    evidence.push(...result.evidence);
  }

  let notes: Note[] = [];
  let problems: FileProblem[] = [];
  if (options.notesDir) ({ notes, problems } = await readNotes(options.notesDir));
  const inPeriodDay = (date: string) => {
    const t = new Date(`${date}T12:00:00`).getTime();
    return Number.isNaN(t) || (t >= period.from - 12 * 3600e3 && t <= period.to);
  };
  const wins = notes.filter(n => inPeriodDay(n.date));
  evidence.push(...wins.map(winEvidence));
  // Each repository's evidence comes in this order already, so the sort only merges (and places the wins).
  evidence.sort(evidenceOrder);
  totals.activeWeeks = evidence.filter(e => e.signal === 'consistency.activeWeek').length;
  ownership.sort((a, b) => b.linesChanged - a.linesChanged || b.commits - a.commits);

  const periodEnd = new Date(Number.isFinite(period.to) ? period.to : (options.now ?? new Date()).getTime());
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    identity: { emails: [...emails].sort(), names: [...names] },
    period: { since: period.since, until: period.until },
    framework: { name: framework.name, source: framework.source },
    repos,
    totals,
    reviews: { byTrailer: reviewsByTrailer },
    mentoring: { byTrailer: mentoringByTrailer, people: [...people.values()].sort((a, b) => b.commits - a.commits || collate(a.email, b.email)) },
    ownership,
    evidence,
    expectations: assess(framework, evidence, wins, periodEnd),
    wins,
    problems: problems.map(p => ({ file: p.file, line: p.line, message: p.message })),
  };
}
