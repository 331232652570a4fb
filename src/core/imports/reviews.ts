import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { EvidenceItem } from '../model';
import { FileProblem } from '../framework/loader';
import { createRecordFile, readRecordFolder } from '../notes/recordFolder';
import { streamGit, type GitOptions } from '../git/exec';
import { nulRecords } from '../git/nulStream';
import { normaliseEmail } from '../git/identity';
import { isAutomation } from '../git/automation';
import { commitLinker, parseRemote } from '../git/remoteLinks';
import { formatDay, type Period } from '../period';
import type { RepoSummary } from '../analyze';

/**
 * Reviews given on the code host. With squash or rebase merges git records no reviewer, so the host's own list is
 * the only source: the user runs `gh` or `glab` and imports the JSON it wrote. Nothing here touches the network.
 */

export const GH_COMMAND = 'gh search prs --reviewed-by=@me --json number,title,url,author,repository,closedAt,state --limit 1000 > reviews.json';
/** glab lists only open merge requests unless told otherwise, and 30 per page in JSON too. */
export const GLAB_COMMAND = 'glab mr list --reviewer=@me --all --per-page 100 --output json > reviews.json';

export type ReviewSource = 'github' | 'gitlab';

/** One pull or merge request I reviewed, as stored under `<notes>/imports/`. */
export interface ImportedReview {
  /** The code host, from the request's web address (github.com, gitlab.example.com). */
  host: string;
  /** `owner/name` on GitHub; the project's full path on GitLab. */
  repository: string;
  /** The pull request's number, or the merge request's iid. */
  number: number;
  title: string;
  /** The request's web page; always https. */
  url: string;
  /** Who opened it, as the host names them: a GitHub login, a GitLab username. */
  author: string;
  /** When it was merged or closed, ISO 8601 as the host wrote it. */
  closedAt: string;
  state: 'merged' | 'closed';
}

/** One stored import: `<notes>/imports/reviews-<source>-YYYY-MM-DD-HHMMSS.json`. */
export interface ReviewImport {
  source: ReviewSource;
  importedAt: string;
  items: ImportedReview[];
  /** Absolute path of the file. */
  file: string;
}

/** A file that cannot be imported, as one line: `reviews.json: entry 3 has no "url"`. Nothing is written. */
export class ReviewImportError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ReviewImportError';
  }
}

/** What gh or glab wrote, checked whole. */
export interface HostExport {
  source: ReviewSource;
  /** The merged and closed requests. */
  reviews: ImportedReview[];
  /** Requests still open: they have not landed, so they wait for a later import. */
  open: number;
}

/** A list of a thousand requests is well under a megabyte; anything this large is not what gh or glab wrote. */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/** A value from the file, safe to put in a one-line message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]/g, ' ');
  return JSON.stringify(clean.length > 120 ? `${clean.slice(0, 120)}…` : clean);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

type Entry = Record<string, unknown>;
const isObject = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the fields of one entry; every failure names the entry (or stored item) and the field. */
class FieldReader {
  constructor(
    private readonly entry: Entry,
    private readonly where: string,
    private readonly fail: (detail: string) => never,
  ) {}

  has(key: string): boolean {
    return this.entry[key] !== undefined && this.entry[key] !== null;
  }

  value(key: string): unknown {
    if (!this.has(key)) this.fail(`${this.where} has no "${key}"`);
    return this.entry[key];
  }

  string(key: string): string {
    const value = this.value(key);
    if (typeof value !== 'string') this.fail(`${this.where} has a "${key}" that is not text`);
    return value;
  }

  positive(key: string): number {
    const value = this.value(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) this.fail(`${this.where} has a "${key}" that is not a positive whole number: ${shown(value)}`);
    return value;
  }

  object(key: string): FieldReader {
    const value = this.value(key);
    if (!isObject(value)) this.fail(`${this.where} has a "${key}" that is not an object`);
    return new FieldReader(value, `${this.where}'s "${key}"`, this.fail);
  }

  /** An https address; `page` says which kind of page it must be and returns the parts of its path that matter. */
  https(key: string, page?: { pattern: RegExp; what: string }): { url: URL; match: RegExpExecArray | null } {
    const value = this.string(key);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.fail(`${this.where} has a "${key}" that is not a web address: ${shown(value)}`);
    }
    if (url.protocol !== 'https:') this.fail(`${this.where} has a "${key}" that is not https: ${shown(value)}`);
    let pathname = url.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // a malformed escape stays as written: the page pattern then decides
    }
    const match = page ? page.pattern.exec(pathname) : null;
    if (page && !match) this.fail(`${this.where} has a "${key}" that is not ${page.what}: ${shown(value)}`);
    return { url, match };
  }

  /** An ISO date, or undefined for none (gh writes Go's zero time, 0001-01-01T00:00:00Z, for an open request). */
  date(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.string(key);
    if (value === '' || value.startsWith('0001-01-01')) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) this.fail(`${this.where} has a "${key}" that is not a date: ${shown(value)}`);
    return value;
  }
}

const GITHUB_PULL = { pattern: /^\/([^/]+\/[^/]+)\/pull\/(\d+)\/?$/, what: 'a pull request page (https://HOST/OWNER/REPO/pull/N)' };
/** `/-/merge_requests/N` since GitLab 12; older versions had no `/-/`. */
const GITLAB_MERGE_REQUEST = { pattern: /^\/(.+?)\/(?:-\/)?merge_requests\/(\d+)\/?$/, what: 'a merge request page (https://HOST/GROUP/PROJECT/-/merge_requests/N)' };
const REPOSITORY_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/;

/** One entry of `gh search prs --json number,title,url,author,repository,closedAt,state`. */
function githubEntry(f: FieldReader, where: string, fail: (detail: string) => never): ImportedReview | 'open' {
  const number = f.positive('number');
  const { url, match } = f.https('url', GITHUB_PULL);
  if (Number(match![2]) !== number) fail(`${where} has a "url" for #${match![2]}, not #${number}: ${shown(url.href)}`);
  const title = f.string('title');
  const login = f.object('author').string('login');
  const repository = f.object('repository').string('nameWithOwner');
  if (!REPOSITORY_PATH.test(repository)) fail(`${where} has a "repository" whose "nameWithOwner" is not OWNER/NAME: ${shown(repository)}`);
  const state = f.string('state');
  if (state !== 'open' && state !== 'closed' && state !== 'merged') fail(`${where} has an unknown "state": ${shown(state)} (gh writes open, closed or merged)`);
  f.value('closedAt');
  const closedAt = f.date('closedAt');
  if (state === 'open') return 'open';
  if (!closedAt) fail(`${where} is ${state} but its "closedAt" is empty`);
  return { host: url.hostname, repository, number, title, url: url.href, author: login, closedAt, state };
}

/** One merge request as GitLab's REST API returns it (and `glab mr list --output json` writes it). */
function gitlabEntry(f: FieldReader, where: string, fail: (detail: string) => never): ImportedReview | 'open' {
  const number = f.positive('iid');
  const { url, match } = f.https('web_url', GITLAB_MERGE_REQUEST);
  if (Number(match![2]) !== number) fail(`${where} has a "web_url" for !${match![2]}, not !${number}: ${shown(url.href)}`);
  const title = f.string('title');
  const author = f.object('author');
  const login = author.has('username') ? author.string('username') : author.has('name') ? author.string('name') : fail(`${where}'s "author" has no "username" or "name"`);
  // references.full is "group/project!7"; without it the project's path is the page's (project_id is only a number).
  const full = f.has('references') ? f.object('references') : undefined;
  const reference = full?.has('full') ? full.string('full') : undefined;
  const repository = reference !== undefined ? reference.replace(/![0-9]+$/, '') : match![1]!;
  if (!REPOSITORY_PATH.test(repository)) fail(`${where} has a project path that is not GROUP/PROJECT: ${shown(repository)}`);
  const state = f.string('state');
  if (state === 'opened' || state === 'locked') return 'open';
  if (state !== 'merged' && state !== 'closed') fail(`${where} has an unknown "state": ${shown(state)} (GitLab writes opened, closed, locked or merged)`);
  const closedAt = f.date(state === 'merged' ? 'merged_at' : 'closed_at') ?? f.date('closed_at') ?? f.date('merged_at');
  if (!closedAt) fail(`${where} is ${state} but has no "${state === 'merged' ? 'merged_at' : 'closed_at'}"`);
  return { host: url.hostname, repository, number, title, url: url.href, author: login, closedAt, state };
}

const looksLikeGitLab = (e: Entry) => 'iid' in e || 'web_url' in e;
const looksLikeGitHub = (e: Entry) => 'number' in e || 'url' in e || 'repository' in e;

/**
 * Parses what gh or glab wrote. Every entry is checked before anything is returned, so a file is imported whole or
 * not at all; the first problem is thrown as a ReviewImportError naming `file` as given.
 */
export function parseHostExport(text: string, file: string): HostExport {
  const fail: (detail: string) => never = detail => {
    throw new ReviewImportError(file, detail);
  };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`is not JSON (${firstLine(error instanceof Error ? error.message : String(error))})`);
  }
  if (!Array.isArray(data)) return fail(`is ${kindOf(data)}, not the JSON array of pull or merge requests that gh and glab write`);
  let source: ReviewSource | undefined;
  const reviews: ImportedReview[] = [];
  let open = 0;
  data.forEach((entry: unknown, i) => {
    const where = `entry ${i + 1}`;
    if (!isObject(entry)) fail(`${where} is ${kindOf(entry)}, not an object`);
    const shape: ReviewSource | undefined = looksLikeGitLab(entry) ? 'gitlab' : looksLikeGitHub(entry) ? 'github' : undefined;
    if (!shape) fail(`${where} is neither a GitHub pull request (with "number" and "url") nor a GitLab merge request (with "iid" and "web_url")`);
    const name = (s: ReviewSource) => (s === 'github' ? 'a GitHub pull request' : 'a GitLab merge request');
    if (source && shape !== source) fail(`${where} is ${name(shape)} but entry 1 is ${name(source)}; import each host's list from its own file`);
    source = shape;
    const f = new FieldReader(entry, where, fail);
    const review = shape === 'github' ? githubEntry(f, where, fail) : gitlabEntry(f, where, fail);
    if (review === 'open') open++;
    else reviews.push(review);
  });
  // An empty list is a valid answer ("no reviews"): it imports nothing, whichever host wrote it.
  return { source: source ?? 'github', reviews, open };
}

/** Reads and parses an export file; problems reading it are ReviewImportErrors too. */
export async function readHostExport(file: string): Promise<HostExport> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new ReviewImportError(file, 'is not a file');
    if (stat.size > MAX_EXPORT_BYTES) throw new ReviewImportError(file, `is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB, so it is not a list gh or glab wrote`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ReviewImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReviewImportError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  return parseHostExport(text, file);
}

export function importsFolder(notesDir: string): string {
  return path.join(notesDir, 'imports');
}

/** Parses a stored import. Throws a FileProblem for anything a person must fix by hand. */
export function parseStoredImport(text: string, file: string): ReviewImport {
  const fail: (detail: string) => never = detail => {
    throw new FileProblem(file, 1, '', detail);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`is not JSON (${firstLine(error instanceof Error ? error.message : String(error))})`);
  }
  if (!isObject(data)) return fail(`is ${kindOf(data)}, not an import (an object with "source", "importedAt" and "items")`);
  const top = new FieldReader(data, 'the import', fail);
  const source = top.string('source');
  if (source !== 'github' && source !== 'gitlab') fail(`has a "source" that is neither github nor gitlab: ${shown(source)}`);
  const importedAt = top.date('importedAt') ?? fail('the import has no "importedAt"');
  const list = top.value('items');
  if (!Array.isArray(list)) return fail('has "items" that are not a list');
  const items = list.map((item: unknown, i): ImportedReview => {
    const where = `item ${i + 1}`;
    if (!isObject(item)) fail(`${where} is ${kindOf(item)}, not an object`);
    const f = new FieldReader(item, where, fail);
    const host = f.string('host');
    const repository = f.string('repository');
    if (!REPOSITORY_PATH.test(repository)) fail(`${where} has a "repository" that is not OWNER/NAME: ${shown(repository)}`);
    const number = f.positive('number');
    const title = f.string('title');
    const { url } = f.https('url');
    const author = f.string('author');
    const closedAt = f.date('closedAt') ?? fail(`${where} has no "closedAt"`);
    const state = f.string('state');
    if (state !== 'merged' && state !== 'closed') fail(`${where} has a "state" that is neither merged nor closed: ${shown(state)}`);
    return { host, repository, number, title, url: url.href, author, closedAt, state: state as ImportedReview['state'] };
  });
  return { source: source as ReviewSource, importedAt, items, file };
}

/**
 * Every stored import, oldest first. A missing folder is no imports; a file that cannot be read is reported with
 * its path, never rewritten, and the rest still count (as broken wins are).
 */
export async function readImports(notesDir: string): Promise<{ imports: ReviewImport[]; problems: FileProblem[] }> {
  const { records: imports, problems } = await readRecordFolder(importsFolder(notesDir), '.json', 'imports', parseStoredImport);
  imports.sort((a, b) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0));
  return { imports, problems };
}

/** The reviews of every import once each (by web address), with the host they came from. */
function distinctReviews(imports: readonly ReviewImport[]): { review: ImportedReview; source: ReviewSource }[] {
  const seen = new Set<string>();
  const out: { review: ImportedReview; source: ReviewSource }[] = [];
  for (const i of imports) {
    for (const review of i.items) {
      if (seen.has(review.url)) continue;
      seen.add(review.url);
      out.push({ review, source: i.source });
    }
  }
  return out;
}

function stamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${formatDay(d)}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** Writes one import as a new file (never replacing one: a clash gets a -2, -3 … suffix) and returns its path. */
export async function writeImport(notesDir: string, source: ReviewSource, items: ImportedReview[], now = new Date()): Promise<string> {
  const content = JSON.stringify({ source, importedAt: now.toISOString(), items }, null, 2) + '\n';
  const { file } = await createRecordFile(importsFolder(notesDir), `reviews-${source}-${stamp(now)}`, '.json', 'imports', () => content);
  return file;
}

/** The commit that landed a request, on the first-parent chain of the analysed HEAD. */
export interface Landing {
  sha: string;
  subject: string;
  /** Who wrote the change (.mailmap applied, lower-cased): the squash commit's author, or the merged branch tip's. */
  changeAuthor: string;
}

/** What linking needs of an analysed repository. */
export type LandingRepo = Pick<RepoSummary, 'path' | 'head' | 'remoteUrl'>;

const SQUASH_SUBJECT = /\(#(\d+)\)$/;
const MERGE_SUBJECT = /^Merge pull request #(\d+) from \S/;
const GITLAB_MERGE_LINE = /^See merge request (\S+)!(\d+)\s*$/m;
/** The same shapes for git's --grep (POSIX extended, matched line by line), so git sends only candidate commits. */
const LANDING_GREPS = ['--grep=\\(#[0-9]+\\)$', '--grep=^Merge pull request #[0-9]+ from ', '--grep=^See merge request [^ ]+![0-9]+'];
/** A landing commit is made when the request closes; a maintainer who merges locally pushes a little later. */
const LANDING_SLACK_MS = 14 * 24 * 3600 * 1000;

/**
 * The landing commits, by review web address, of the reviews of requests in this repository (its remote's path is
 * the request's repository): a squash subject ending `(#N)`, a merge subject `Merge pull request #N from …`, or a
 * GitLab merge message with `See merge request group/project!N`. When several commits name the same request (a
 * revert, a cherry-pick), the one made closest to the request's closing wins. One `git log` reads only the
 * commits that can match, back to shortly before the oldest review.
 */
export async function findLandings(repo: LandingRepo, reviews: readonly { review: ImportedReview; source: ReviewSource }[], options: GitOptions = {}): Promise<Map<string, Landing>> {
  const found = new Map<string, Landing>();
  const remote = repo.head && repo.remoteUrl ? parseRemote(repo.remoteUrl) : undefined;
  if (!remote) return found;
  const here = remote.repoPath.toLowerCase();
  const wanted = new Map<string, { review: ImportedReview; time: number }>();
  let oldest = Infinity;
  for (const { review, source } of reviews) {
    if (review.repository.toLowerCase() !== here) continue;
    const time = Date.parse(review.closedAt);
    wanted.set(`${source === 'github' ? '#' : '!'}${review.number}`, { review, time });
    oldest = Math.min(oldest, time);
  }
  if (wanted.size === 0) return found;

  const best = new Map<string, { sha: string; parents: string[]; author: string; subject: string; distance: number }>();
  const records = nulRecords(6, ([sha, parents, author, time, subject, body]) => {
    const squash = SQUASH_SUBJECT.exec(subject!);
    const merge = MERGE_SUBJECT.exec(subject!);
    const gitlab = GITLAB_MERGE_LINE.exec(body!);
    const refs = [squash && `#${squash[1]}`, merge && `#${merge[1]}`, gitlab && gitlab[1]!.toLowerCase() === here && `!${gitlab[2]}`];
    for (const ref of refs) {
      const want = ref ? wanted.get(ref) : undefined;
      if (!ref || !want) continue;
      const distance = Math.abs(Number(time) * 1000 - want.time);
      const known = best.get(ref);
      if (!known || distance < known.distance) best.set(ref, { sha: sha!.trim(), parents: parents!.split(' ').filter(Boolean), author: author!, subject: subject!, distance });
    }
  });
  const since = new Date(oldest - LANDING_SLACK_MS).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000');
  await streamGit(
    repo.path,
    ['-c', 'log.showSignature=false', 'log', '-z', '--first-parent', '--no-color', '--no-notes', '-E', ...LANDING_GREPS, `--since=${since}`, '--format=%H%x00%P%x00%aE%x00%ct%x00%s%x00%b', repo.head, '--'],
    records.write,
    options,
  );
  records.end();

  // A merge's change was written by whoever wrote its branch: the author of its second parent.
  const tips = [...new Set([...best.values()].filter(c => c.parents.length > 1).map(c => c.parents[1]!))];
  const tipAuthors = new Map<string, string>();
  if (tips.length) {
    const pairs = nulRecords(2, ([sha, author]) => void tipAuthors.set(sha!.trim(), author!));
    await streamGit(repo.path, ['log', '-z', '--no-walk=unsorted', '--format=%H%x00%aE', ...tips, '--'], pairs.write, options);
    pairs.end();
  }
  for (const [ref, c] of best) {
    const author = c.parents.length > 1 ? (tipAuthors.get(c.parents[1]!) ?? '') : c.author;
    found.set(wanted.get(ref)!.review.url, { sha: c.sha, subject: c.subject, changeAuthor: normaliseEmail(author) });
  }
  return found;
}

/** Landings in the first of the repositories whose remote is the request's repository. */
async function landingsIn(repos: readonly LandingRepo[], reviews: readonly { review: ImportedReview; source: ReviewSource }[], options: GitOptions) {
  const landings = new Map<string, { repo: LandingRepo; landing: Landing }>();
  for (const repo of repos) {
    const open = reviews.filter(r => !landings.has(r.review.url));
    if (open.length === 0) break;
    for (const [url, landing] of await findLandings(repo, open, options)) landings.set(url, { repo, landing });
  }
  return landings;
}

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
  return `${review.repository}${source === 'github' ? '#' : '!'}${review.number}`;
}

/** A bot's request counts (reviewing a dependency bump is review work), but only humans are named as people. */
function isBotLogin(login: string): boolean {
  return login.startsWith('app/') || isAutomation({ name: login, email: '' });
}

export function reviewEvidence(review: ImportedReview, source: ReviewSource, landed?: { repo: LandingRepo; landing: Landing }): EvidenceItem {
  const ref = `${source === 'github' ? '#' : '!'}${review.number}`;
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
  const evidence = reviews.filter(({ review }) => !mine(review, landings.get(review.url)?.landing)).map(({ review, source }) => reviewEvidence(review, source, landings.get(review.url)));
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
  const candidates: { review: ImportedReview; source: ReviewSource }[] = [];
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
