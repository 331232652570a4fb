import type { EvidenceItem, TrailerKey } from '../model';
import { isMine } from '../git/identity';
import { httpsUrl } from '../git/trailers';
import { authoredByMe, displayName, isMerge, item, mergedBranchCommits, trailersNamingMe, type HistoryContext } from './context';

export const REVIEW_TRAILERS: readonly TrailerKey[] = ['Reviewed-by', 'Acked-by', 'Tested-by', 'Approved-by'];

export interface ReviewCounts {
  byTrailer: Record<'Reviewed-by' | 'Acked-by' | 'Tested-by' | 'Approved-by', number>;
  mergesOfOthersWork: number;
  commitsCommittedForOthers: number;
}

/** Reviews given: trailers naming me, others' branches I merged, others' patches I applied. */
export function detectReviews(ctx: HistoryContext): { evidence: EvidenceItem[]; counts: ReviewCounts } {
  const evidence: EvidenceItem[] = [];
  const counts: ReviewCounts = {
    byTrailer: { 'Reviewed-by': 0, 'Acked-by': 0, 'Tested-by': 0, 'Approved-by': 0 },
    mergesOfOthersWork: 0,
    commitsCommittedForOthers: 0,
  };
  for (const c of ctx.periodCommits) {
    const mine = trailersNamingMe(ctx, c, REVIEW_TRAILERS);
    const keys = new Set(mine.map(t => t.key));
    for (const key of keys) counts.byTrailer[key as keyof ReviewCounts['byTrailer']]++;
    const reviewUrl = c.trailers.filter(t => t.key === 'Reviewed-on').map(t => httpsUrl(t.value)).find(Boolean);
    if (keys.size > 0 && !authoredByMe(ctx, c)) {
      evidence.push(
        item(ctx, 'review', 'review.trailer', c, `${[...keys].join(', ')} on "${c.subject}" by ${displayName(c.author)}`, {
          people: ctx.excluded(c.author) ? [] : [c.author.email],
          ...(reviewUrl ? { url: reviewUrl } : {}),
        }),
      );
    }
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
        }),
      );
    } else if (isMine(ctx.identity, c.committer) && !authoredByMe(ctx, c)) {
      counts.commitsCommittedForOthers++;
      if (!ctx.excluded(c.author)) {
        evidence.push(item(ctx, 'review', 'review.applied', c, `Applied "${c.subject}" by ${displayName(c.author)}`, { people: [c.author.email] }));
      }
    }
  }
  return { evidence, counts };
}
