import * as path from 'node:path';
import type { CommitRecord, EvidenceItem, Person } from './model';
import { GitError, checkGitVersion, type GitOptions } from './git/exec';
import { inspectRepository, type RepositoryFacts } from './git/repository';
import { loadHistory } from './git/historyCache';
import { normaliseEmail, resolveMailmap, type Identity } from './git/identity';
import { commitLinker } from './git/remoteLinks';
import { buildContext } from './evidence/context';
import { detectReviews } from './evidence/reviews';
import { detectMentoring, type MentoredPerson } from './evidence/mentoring';
import { detectOwnership, type OwnershipArea } from './evidence/ownership';
import { detectCraft } from './evidence/craft';
import { assess, winEvidence, type ExpectationResult } from './assess/assess';
import { DEFAULT_FRAMEWORK } from './framework/defaultFramework';
import type { Framework } from './framework/types';
import { readNotes, type Note } from './notes/notesStore';
import type { FileProblem } from './framework/loader';
import { parsePeriod, type Period } from './period';

export const SCHEMA_VERSION = 1;

export interface AnalyzeOptions extends GitOptions {
  repos: string[];
  /** Extra addresses that are mine, on top of each repository's user.email. */
  identities?: string[];
  since?: string | null;
  until?: string | null;
  /** Folder holding `wins/`; no notes are read when absent. */
  notesDir?: string;
  framework?: Framework;
  /** Authors never counted as people (beyond bots and assistants). */
  excludedAuthors?: string[];
  /** Analyse a shallow clone anyway (its history is incomplete). */
  allowShallow?: boolean;
  /** Keep analysing the other repositories when one fails; the failure is reported on that repository. */
  continueOnError?: boolean;
  onProgress?: (progress: { repo: string; commits: number }) => void;
  /** Where parsed commits are cached between runs (outside the workspace); no cache when absent. */
  cacheDir?: string;
  /** "Today", for the trend and the default period end. */
  now?: Date;
}

export interface RepoSummary {
  path: string;
  head: string;
  branch: string | null;
  commitsScanned: number;
  shallow: boolean;
  remoteUrl: string | null;
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

function resolveTrailerPeople(commits: CommitRecord[], map: Map<string, Person>): void {
  for (const c of commits) {
    for (const t of c.trailers) {
      if (t.person) t.person = map.get(t.person.email) ?? t.person;
    }
  }
}

async function analyzeRepository(dir: string, options: AnalyzeOptions, period: Period, extraEmails: string[]) {
  const facts: RepositoryFacts = await inspectRepository(dir, options);
  if (facts.shallow && !options.allowShallow) {
    throw new GitError('failed', `${facts.root} is a shallow clone, so its history is incomplete; run \`git fetch --unshallow\` there, or pass --allow-shallow`);
  }
  const { commits } = await loadHistory(facts, {
    ...options,
    onCommit: count => {
      if (count % 2000 === 0) options.onProgress?.({ repo: facts.root, commits: count });
    },
  });
  options.onProgress?.({ repo: facts.root, commits: commits.length });

  const trailerPeople = commits.flatMap(c => c.trailers.flatMap(t => (t.person ? [t.person] : [])));
  const mine = [...new Set([...extraEmails, ...(facts.userEmail ? [facts.userEmail] : [])].map(normaliseEmail))];
  const resolved = await resolveMailmap(facts.root, [...trailerPeople, ...mine.map(email => ({ name: '', email }))], options);
  if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  resolveTrailerPeople(commits, resolved);
  const identity: Identity = {
    emails: [...new Set([...mine, ...mine.map(e => resolved.get(e)?.email ?? e)])],
    names: facts.userName ? [facts.userName] : [],
  };

  const inPeriod = (c: CommitRecord) => {
    const t = Date.parse(c.committerDate);
    return t >= period.from && t <= period.to;
  };
  const ctx = buildContext(facts.root, identity, commits, inPeriod, options.excludedAuthors);
  const reviews = detectReviews(ctx);
  const mentoring = detectMentoring(ctx);
  const periodEnd = Number.isFinite(period.to) ? period.to : (options.now ?? new Date()).getTime();
  const ownership = detectOwnership(ctx, periodEnd);
  const craft = detectCraft(ctx, mentoring);
  const link = commitLinker(facts.remoteUrl);
  const evidence = [...ownership.evidence, ...reviews.evidence, ...mentoring.evidence, ...craft];
  if (link) for (const e of evidence) e.link = link(e.commit);

  let authored = 0;
  for (const c of commits) if (inPeriod(c) && c.parents.length <= 1 && identity.emails.includes(c.author.email)) authored++;
  return {
    summary: {
      path: facts.root,
      head: facts.head,
      branch: facts.branch ?? null,
      commitsScanned: commits.length,
      shallow: facts.shallow,
      remoteUrl: facts.remoteUrl ?? null,
    } satisfies RepoSummary,
    identity,
    authored,
    reviews,
    mentoring,
    ownership: ownership.areas,
    evidence,
  };
}

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
    let result: Awaited<ReturnType<typeof analyzeRepository>>;
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
    totals.commitsCommittedForOthers += result.reviews.counts.commitsCommittedForOthers;
    totals.mergesOfOthersWork += result.reviews.counts.mergesOfOthersWork;
    for (const [k, v] of Object.entries(result.reviews.counts.byTrailer)) reviewsByTrailer[k as keyof typeof reviewsByTrailer] += v;
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
  evidence.sort((a, b) => b.date.localeCompare(a.date) || a.signal.localeCompare(b.signal));
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
    mentoring: { byTrailer: mentoringByTrailer, people: [...people.values()].sort((a, b) => b.commits - a.commits || a.email.localeCompare(b.email)) },
    ownership,
    evidence,
    expectations: assess(framework, evidence, wins, periodEnd),
    wins,
    problems: problems.map(p => ({ file: p.file, line: p.line, message: p.message })),
  };
}
