import { streamGit, type GitOptions } from '../git/exec';
import { normaliseEmail } from '../git/identity';
import { nulRecords } from '../git/nulStream';
import { parseRemote } from '../git/remoteLinks';
import type { AnalyzedRepo } from '../repoAnalysis';
import { requestRef, type ImportedReview, type SourcedReview } from './hostExport';

/**
 * Which commit of an analysed repository landed an imported review's request: the evidence then cites that commit,
 * and its author tells whether the change was mine.
 */

/** The commit that landed a request, on the first-parent chain of the analysed HEAD. */
export interface Landing {
  sha: string;
  subject: string;
  /** Who wrote the change (.mailmap applied, lower-cased): the squash commit's author, or the merged branch tip's. */
  changeAuthor: string;
}

/** What linking needs of an analysed repository. */
export type LandingRepo = Pick<AnalyzedRepo, 'path' | 'head' | 'remoteUrl'>;

/** A landing with the repository it was found in. */
export interface RepoLanding {
  repo: LandingRepo;
  landing: Landing;
}

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
export async function findLandings(repo: LandingRepo, reviews: readonly SourcedReview[], options: GitOptions = {}): Promise<Map<string, Landing>> {
  const found = new Map<string, Landing>();
  const remote = repo.head && repo.remoteUrl ? parseRemote(repo.remoteUrl) : undefined;
  if (!remote) return found;
  const here = remote.repoPath.toLowerCase();
  const wanted = new Map<string, { review: ImportedReview; time: number }>();
  let oldest = Infinity;
  for (const { review, source } of reviews) {
    if (review.repository.toLowerCase() !== here) continue;
    const time = Date.parse(review.closedAt);
    wanted.set(requestRef(review, source), { review, time });
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
      if (!known || distance < known.distance)
        best.set(ref, { sha: sha!.trim(), parents: parents!.split(' ').filter(Boolean), author: author!, subject: subject!, distance });
    }
  });
  const since = new Date(oldest - LANDING_SLACK_MS)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' +0000');
  await streamGit(
    repo.path,
    [
      '-c',
      'log.showSignature=false',
      'log',
      '-z',
      '--first-parent',
      '--no-color',
      '--no-notes',
      '-E',
      ...LANDING_GREPS,
      `--since=${since}`,
      '--format=%H%x00%P%x00%aE%x00%ct%x00%s%x00%b',
      repo.head,
      '--',
    ],
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
export async function landingsIn(repos: readonly LandingRepo[], reviews: readonly SourcedReview[], options: GitOptions) {
  const landings = new Map<string, RepoLanding>();
  for (const repo of repos) {
    const open = reviews.filter(r => !landings.has(r.review.url));
    if (open.length === 0) break;
    for (const [url, landing] of await findLandings(repo, open, options)) landings.set(url, { repo, landing });
  }
  return landings;
}
