import type { Signal } from '../model';
import { REVIEW_TRAILERS } from './reviews';
import type { HistoryContext } from './context';

/**
 * How changes land in a repository, read from its recent mainline. It decides what git can show: a squash or
 * rebase through GitHub's button writes no reviewer anywhere, so an empty review column there means "not recorded",
 * not "did not review".
 */
export type WorkflowKind = 'trailers' | 'github-merge' | 'github-squash' | 'gitlab' | 'gerrit' | 'local' | 'mixed';

export interface Workflow {
  kind: WorkflowKind;
  /** Whether this history records who reviewed or landed others' work (trailers, merges, Gerrit review notes). */
  reviewsRecorded: boolean;
}

type Landing = Exclude<WorkflowKind, 'local' | 'mixed'>;

/** How many first-parent commits, newest first, tell the workflow: the current one, not the one of years ago. */
const SAMPLE = 500;
/** A way of landing is the repository's when it covers this share of the sample. */
const SIGNIFICANT = 0.1;
const DOMINANT = 0.8;

const GITHUB_MERGE = /^Merge pull request #\d+ from \S/;
const GITLAB_MERGE = /^See merge request \S+!\d+\s*$/m;
const CHANGE_ID = /^Change-Id: I[0-9a-f]{40}\s*$/m;
const GITHUB_WEB = 'noreply@github.com';

/** The review signals a workflow that records no reviews cannot produce. */
export const REVIEW_RECORD_SIGNALS: readonly Signal[] = ['review.trailer', 'review.merge', 'review.applied', 'review.vote', 'mentoring.newcomerReview'];

/**
 * Classifies the newest first-parent commits by how each landed (GitHub's merge button, its squash or rebase, a
 * GitLab merge request, a Gerrit change, a reviewed patch with trailers) and names the way that dominates, `mixed`
 * when several matter, `local` when none does. `reviewNotes` says the repository has Gerrit's review notes.
 */
export function detectWorkflow(ctx: HistoryContext, reviewNotes = false): Workflow {
  const h = ctx.history;
  const counts: Record<Landing, number> = { trailers: 0, 'github-merge': 0, 'github-squash': 0, gitlab: 0, gerrit: 0 };
  let sampled = 0;
  let merges = 0;
  // Commits with a review trailer, whatever else marks them: Go's Gerrit, for one, writes Reviewed-by into each
  // submitted change.
  let reviewed = 0;
  for (let i = h.count > 0 ? 0 : -1; i >= 0 && sampled < SAMPLE; i = h.parent(i, 0), sampled++) {
    const c = ctx.at(i);
    const merge = c.parents.length > 1;
    if (merge) merges++;
    if (c.trailers.some(t => REVIEW_TRAILERS.includes(t.key))) reviewed++;
    // GitHub's merge button commits as GitHub whatever the message template ("Merge pull request #N from …", or the
    // pull request's title).
    if (merge && (GITHUB_MERGE.test(c.subject) || c.committer.email === GITHUB_WEB)) counts['github-merge']++;
    else if (merge && GITLAB_MERGE.test(c.body)) counts.gitlab++;
    else if (!merge && c.committer.email === GITHUB_WEB) counts['github-squash']++;
    else if (CHANGE_ID.test(c.body)) counts.gerrit++;
    else if (c.trailers.some(t => REVIEW_TRAILERS.includes(t.key))) counts.trailers++;
  }
  const significant = (Object.keys(counts) as Landing[]).filter(k => counts[k] >= 3 && counts[k] >= sampled * SIGNIFICANT);
  const recording = (k: Landing) => (k === 'github-squash' ? reviewed >= sampled * SIGNIFICANT : k === 'gerrit' ? reviewNotes || reviewed > 0 : true);
  if (significant.length === 0) return { kind: 'local', reviewsRecorded: merges > 0 || reviewNotes };
  const total = significant.reduce((n, k) => n + counts[k], 0);
  const top = significant.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  if (significant.length === 1 || counts[top] >= total * DOMINANT) return { kind: top, reviewsRecorded: recording(top) };
  return { kind: 'mixed', reviewsRecorded: significant.some(recording) };
}

/** A sentence for people: how this repository's changes land and what that means for reviews. */
export function describeWorkflow(w: Workflow): string {
  const how: Record<WorkflowKind, string> = {
    trailers: 'patches reviewed by trailer (Reviewed-by, Acked-by)',
    'github-merge': "GitHub's merge button",
    'github-squash': "GitHub's squash or rebase button",
    gitlab: 'GitLab merge requests',
    gerrit: 'Gerrit changes',
    local: 'commits and merges made locally',
    mixed: 'a mix of ways',
  };
  return `Changes land through ${how[w.kind]}; ${w.reviewsRecorded ? 'git records who reviewed or landed them' : 'git records no reviewer'}.`;
}

/** The next step for review expectations that no analysed repository records: how to bring the evidence in. */
export function howToBringReviewsIn(workflows: readonly Workflow[]): string {
  const kinds = new Set(workflows.map(w => w.kind));
  const importStep =
    'import your reviews from the code host with Growth: Import Reviews (from `gh search prs --reviewed-by=@me`), or log a win for a review that mattered.';
  if (kinds.size === 1 && kinds.has('gerrit')) {
    return `Gerrit keeps its votes in review notes, which this clone does not have: fetch them with \`git fetch origin refs/notes/review:refs/notes/review\`, or log a win for a review that mattered.`;
  }
  if (kinds.size === 1 && kinds.has('github-squash'))
    return `Git does not record reviews where changes land through GitHub\u2019s squash or rebase button: ${importStep}`;
  return `These repositories record no reviewer in git: ${importStep}`;
}
