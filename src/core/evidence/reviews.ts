import type { EvidenceItem, TrailerKey } from '../model';
import { isMine } from '../git/identity';
import { httpsUrl } from '../git/trailers';
import {
  authoredByMe,
  day,
  displayName,
  isMerge,
  item,
  measure,
  mergedBranch,
  mergedBranchCommits,
  myVotesOnOthers,
  reviewNoteOf,
  trailersNamingMe,
  voteLabel,
  type HistoryContext,
} from './context';

export const REVIEW_TRAILERS: readonly TrailerKey[] = ['Reviewed-by', 'Acked-by', 'Tested-by', 'Approved-by'];

export interface ReviewCounts {
  byTrailer: Record<'Reviewed-by' | 'Acked-by' | 'Tested-by' | 'Approved-by', number>;
  mergesOfOthersWork: number;
  commitsCommittedForOthers: number;
  /** Others' changes I voted on in Gerrit (any label, any value but 0). */
  gerritVotes: number;
}

/**
 * Reviews given: trailers naming me, votes of mine in Gerrit's review notes, others' branches I merged, others'
 * patches I applied or submitted in Gerrit.
 */
export function detectReviews(ctx: HistoryContext): { evidence: EvidenceItem[]; counts: ReviewCounts } {
  const evidence: EvidenceItem[] = [];
  const counts: ReviewCounts = {
    byTrailer: { 'Reviewed-by': 0, 'Acked-by': 0, 'Tested-by': 0, 'Approved-by': 0 },
    mergesOfOthersWork: 0,
    commitsCommittedForOthers: 0,
    gerritVotes: 0,
  };
  // Changes that came in through a merge of mine: Gerrit's merge strategies make the submitter the merge's author, so
  // the merge is already the evidence of landing them.
  const mergedByMe = new Set<number>();
  if (ctx.reviewNotes.size) {
    for (const c of ctx.periodCommits) if (isMerge(c) && authoredByMe(ctx, c)) mergedBranch(ctx, ctx.indexOf(c)).forEach(i => mergedByMe.add(i));
  }
  for (const c of ctx.periodCommits) {
    const note = reviewNoteOf(ctx, c);
    const mine = trailersNamingMe(ctx, c, REVIEW_TRAILERS);
    const keys = new Set(mine.map(t => t.key));
    for (const key of keys) counts.byTrailer[key as keyof ReviewCounts['byTrailer']]++;
    const reviewUrl =
      c.trailers
        .filter(t => t.key === 'Reviewed-on')
        .map(t => httpsUrl(t.value))
        .find(Boolean) ?? note?.reviewedOn;
    if (keys.size > 0 && !authoredByMe(ctx, c)) {
      evidence.push(
        item(ctx, 'review', 'review.trailer', c, `${[...keys].join(', ')} on "${c.subject}" by ${displayName(c.author)}`, {
          people: ctx.excluded(c.author) ? [] : [c.author.email],
          ...(reviewUrl ? { url: reviewUrl } : {}),
        }),
      );
    }
    // Gerrit items are dated by the submission, when the note says: the votes and the submitting happened by then,
    // while the commit's own date may be the upload.
    const gerritItem = (e: EvidenceItem) => (note?.submittedAt ? { ...e, date: day(note.submittedAt) } : e);
    const votes = myVotesOnOthers(ctx, c);
    if (votes.length > 0) {
      counts.gerritVotes++;
      // Gerrit's cherry-pick submit writes the votes into Reviewed-by trailers too: that is one review, not two.
      if (keys.size === 0) {
        const labels = votes.map(voteLabel).join(', ');
        evidence.push(
          gerritItem(
            item(ctx, 'review', 'review.vote', c, `Voted ${labels} on "${c.subject}" by ${displayName(c.author)} in Gerrit`, {
              people: ctx.excluded(c.author) ? [] : [c.author.email],
              ...(reviewUrl ? { url: reviewUrl } : {}),
            }),
          ),
        );
      }
    }
    const submittedByMe = !!note && isMine(ctx.identity, note.submittedBy) && !authoredByMe(ctx, c);
    const submitted = `Submitted "${c.subject}" by ${displayName(c.author)} in Gerrit`;
    if (isMerge(c)) {
      // Only merges on HEAD's first-parent chain landed work here: a merge that came in through another branch (a
      // subtree sync bringing a larger project's merges, say) was someone's review in that other history.
      if (!authoredByMe(ctx, c) || !ctx.mainline[ctx.indexOf(c)]) continue;
      const tip = ctx.history.parent(ctx.indexOf(c), 1);
      if (tip < 0 || ctx.minePerson[ctx.history.columns.author[tip]!]) continue;
      // A bot's branch counts too (reviewing a dependency bump is review work), but only humans are named as people.
      const branch = mergedBranchCommits(ctx, c);
      const authors = [...new Set(branch.filter(b => !authoredByMe(ctx, b) && !ctx.excluded(b.author)).map(b => b.author.email))];
      const by = authors.length ? authors.join(', ') : displayName(ctx.history.people[ctx.history.columns.author[tip]!]!);
      counts.mergesOfOthersWork++;
      evidence.push(
        item(ctx, 'review', 'review.merge', c, `Merged "${c.subject}" (${branch.length} commit${branch.length === 1 ? '' : 's'} by ${by})`, {
          people: authors,
          paths: [...new Set(branch.flatMap(b => b.files.map(f => f.path)))].slice(0, 20),
          figures: measure(branch),
        }),
      );
    } else if (isMine(ctx.identity, c.committer) && !authoredByMe(ctx, c)) {
      // Gerrit's cherry-pick and rebase strategies make the submitter the committer: the same landing, told as such.
      counts.commitsCommittedForOthers++;
      if (!ctx.excluded(c.author)) {
        evidence.push(
          item(ctx, 'review', 'review.applied', c, submittedByMe ? submitted : `Applied "${c.subject}" by ${displayName(c.author)}`, {
            people: [c.author.email],
            ...(submittedByMe && reviewUrl ? { url: reviewUrl } : {}),
          }),
        );
      }
    } else if (submittedByMe && !ctx.excluded(c.author) && !mergedByMe.has(ctx.indexOf(c))) {
      evidence.push(gerritItem(item(ctx, 'review', 'review.applied', c, submitted, { people: [c.author.email], ...(reviewUrl ? { url: reviewUrl } : {}) })));
    }
  }
  return { evidence, counts };
}
