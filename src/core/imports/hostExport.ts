import { promises as fs } from 'node:fs';
import { FieldReader, isObject, kindOf, parseJson, shown, type Entry } from './jsonFields';

/**
 * The code host's own list of the requests I reviewed. With squash or rebase merges git records no reviewer, so this
 * list is the only source: the user runs `gh` or `glab` and imports the JSON it wrote. Nothing here touches the
 * network.
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

/** A review with the host whose list it came from. */
export interface SourcedReview {
  review: ImportedReview;
  source: ReviewSource;
}

/** How the host writes a request's number: `#12` for a GitHub pull request, `!7` for a GitLab merge request. */
export function requestRef(review: ImportedReview, source: ReviewSource): string {
  return `${source === 'github' ? '#' : '!'}${review.number}`;
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

const GITHUB_PULL = { pattern: /^\/([^/]+\/[^/]+)\/pull\/(\d+)\/?$/, what: 'a pull request page (https://HOST/OWNER/REPO/pull/N)' };
/** `/-/merge_requests/N` since GitLab 12; older versions had no `/-/`. */
const GITLAB_MERGE_REQUEST = {
  pattern: /^\/(.+?)\/(?:-\/)?merge_requests\/(\d+)\/?$/,
  what: 'a merge request page (https://HOST/GROUP/PROJECT/-/merge_requests/N)',
};
/** What a repository's path must look like (`owner/name`, `group/sub/project`), in an export and in a stored import. */
export const REPOSITORY_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/;

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
  const login = author.has('username')
    ? author.string('username')
    : author.has('name')
      ? author.string('name')
      : fail(`${where}'s "author" has no "username" or "name"`);
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
  const data = parseJson(text.replace(/^\uFEFF/, ''), fail);
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
    if (stat.size > MAX_EXPORT_BYTES)
      throw new ReviewImportError(file, `is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB, so it is not a list gh or glab wrote`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ReviewImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReviewImportError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  return parseHostExport(text, file);
}
