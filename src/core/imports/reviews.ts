import type { EvidenceItem } from '../model';
import type { FileProblem } from '../framework/loader';
import type { GitOptions } from '../git/exec';
import { normaliseEmail } from '../git/identity';
import { isAutomation } from '../git/automation';
import { commitLinker } from '../git/remoteLinks';
import { formatDay, type Period } from '../period';
import { readHostExport, requestRef, type ImportedReview, type ReviewSource, type SourcedReview } from './hostExport';
import { landingsIn, type Landing, type LandingRepo, type RepoLanding } from './landings';
import { distinctReviews, readImports, writeImport } from './storedImports';

/**
 * Reviews given on the code host, as evidence: what gh or glab listed (hostExport.ts), kept under `<notes>/imports/`
 * (storedImports.ts) and linked to the commits that landed them (landings.ts). Nothing here touches the network.
 */

/** Logins that addresses of mine give away: GitHub's `ID+login@users.noreply.github.com`, GitLab's `ID-login@users.noreply.HOST`. */
export function loginsOf(emails: readonly string[]): string[] {
  const logins = new Set<string>();
  for (const email of emails.map(normaliseEmail)) {
    const github = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/.exec(email);
    const gitlab = /^\d+-([^@]+)@users\.noreply\.[^@]+$/.exec(email);
    const login = github?.[1] ?? gitlab?.[1];
    if (login) logins.add(login);
  }
  return [...logins];
}

/**
 * Who "me" is on the host: logins (named, or given away by my addresses) and, through the landing commit, the
 * addresses that wrote the change. A request I opened is not a review I gave.
 */
function mineTest(myEmails: readonly string[], logins: readonly string[]) {
  const emails = new Set(myEmails.map(normaliseEmail));
  const names = new Set([...logins, ...loginsOf(myEmails)].map(l => l.trim().toLowerCase()).filter(Boolean));
  return (review: ImportedReview, landing: Landing | undefined) => names.has(review.author.toLowerCase()) || (!!landing && emails.has(landing.changeAuthor));
}

/** `owner/repo#123` or `group/project!7`: how people write a request, and the item's id when no commit landed it. */
export function reviewId(review: ImportedReview, source: ReviewSource): string {
  return `${review.repository}${requestRef(review, source)}`;
}

/** A bot's request counts (reviewing a dependency bump is review work), but only humans are named as people. */
function isBotLogin(login: string): boolean {
  return login.startsWith('app/') || isAutomation({ name: login, email: '' });
}

export function reviewEvidence(review: ImportedReview, source: ReviewSource, landed?: RepoLanding): EvidenceItem {
  const ref = requestRef(review, source);
  const link = landed ? commitLinker(landed.repo.remoteUrl ?? undefined)?.(landed.landing.sha) : undefined;
  return {
    kind: 'review',
    signal: 'review.imported',
    repo: landed ? landed.repo.path : '',
    commit: landed ? landed.landing.sha : reviewId(review, source),
    date: formatDay(new Date(review.closedAt)),
    summary: `Reviewed ${ref} "${review.title}" by ${review.author}`,
    people: isBotLogin(review.author) ? [] : [review.author],
    paths: [],
    weight: 1,
    subject: landed ? landed.landing.subject : review.title,
    ...(link ? { link } : {}),
    url: review.url,
  };
}

/**
 * The imported reviews closed inside the period, as evidence, linked to their landing commits in the analysed
 * repositories; requests the landing commit shows I wrote are left out. Broken import files are reported and the
 * rest still count.
 */
export async function importedReviewEvidence(
  notesDir: string,
  repos: readonly LandingRepo[],
  myEmails: readonly string[],
  period: Pick<Period, 'from' | 'to'>,
  options: GitOptions = {},
): Promise<{ evidence: EvidenceItem[]; problems: FileProblem[] }> {
  const { imports, problems } = await readImports(notesDir);
  const reviews = distinctReviews(imports).filter(({ review }) => {
    const time = Date.parse(review.closedAt);
    return time >= period.from && time <= period.to;
  });
  if (reviews.length === 0) return { evidence: [], problems };
  const landings = await landingsIn(repos, reviews, options);
  const mine = mineTest(myEmails, []);
  const evidence = reviews
    .filter(({ review }) => !mine(review, landings.get(review.url)?.landing))
    .map(({ review, source }) => reviewEvidence(review, source, landings.get(review.url)));
  return { evidence, problems };
}

export interface ImportOutcome {
  source: ReviewSource;
  /** The new file, or undefined when there was nothing new to store. */
  file: string | undefined;
  imported: number;
  /** Already in an earlier import (by web address). */
  known: number;
  /** Requests I opened myself. */
  mine: number;
  /** Still open: import again once they close. */
  open: number;
  /** Of the imported, those with a landing commit in one of the repositories. */
  linked: number;
  /** Earlier imports that could not be read (their reviews could not be checked for repeats). */
  problems: FileProblem[];
}

/**
 * Imports what gh or glab wrote: checks the whole file first (a ReviewImportError, and nothing written, on the
 * first problem), leaves out what earlier imports hold, what is mine and what is still open, and stores the rest
 * as one new file under `<notes>/imports/`.
 */
export async function importReviews(
  exportFile: string,
  options: GitOptions & { notesDir: string; repos: readonly LandingRepo[]; myEmails: readonly string[]; logins?: readonly string[]; now?: Date },
): Promise<ImportOutcome> {
  const parsed = await readHostExport(exportFile);
  const { imports, problems } = await readImports(options.notesDir);
  const known = new Set(imports.flatMap(i => i.items.map(r => r.url)));
  const candidates: SourcedReview[] = [];
  let repeated = 0;
  for (const review of parsed.reviews) {
    if (known.has(review.url)) repeated++;
    else {
      known.add(review.url);
      candidates.push({ review, source: parsed.source });
    }
  }
  const landings = await landingsIn(options.repos, candidates, options);
  const isMine = mineTest(options.myEmails, options.logins ?? []);
  const fresh = candidates.filter(({ review }) => !isMine(review, landings.get(review.url)?.landing)).map(c => c.review);
  const file = fresh.length ? await writeImport(options.notesDir, parsed.source, fresh, options.now) : undefined;
  return {
    source: parsed.source,
    file,
    imported: fresh.length,
    known: repeated,
    mine: candidates.length - fresh.length,
    open: parsed.open,
    linked: fresh.filter(r => landings.has(r.url)).length,
    problems,
  };
}
