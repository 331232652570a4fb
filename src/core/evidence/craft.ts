import type { CommitRecord, EvidenceItem } from '../model';
import { isMine } from '../git/identity';
import { REVIEW_TRAILERS } from './reviews';
import type { MentoringResult } from './mentoring';
import { authoredByMe, day, displayName, isMerge, item, measure, mergedBranchCommits, reviewNoteOf, type HistoryContext } from './context';

/**
 * The rest of the everyday signals, from my own commits: delivery, collaboration, consistency, diagnostics and
 * communication.
 */
const FIX_SUBJECT = /\b(fix(e[sd])?|bug|regression|hotfix|crash|leak|race)\b/i;
const ROOT_CAUSE = /root[- ]cause|caused by|because|the (problem|issue|bug) (was|is)|regressed|regression|reproduc/i;
const TEST_PATH = /(^|\/)(tests?|__tests__|spec|specs|testing)\/|[._-](test|spec)s?\.[a-z0-9]+$|_test\.go$/i;
const DESIGN_PATH = /(^|\/)(adrs?|rfcs?|design|decisions|proposals)(\/|$)|(^|\/)(adr|rfc)[-_ ]?\d+/i;
const DOC_PATH = /\.(md|mdx|rst|adoc)$|(^|\/)(docs?|documentation)\//i;
const SQUASHED_PR = /\(#(\d+)\)\s*$/;

function bodyWithoutTrailers(c: CommitRecord): string {
  return c.body
    .split('\n')
    .filter(l => !/^[A-Za-z][A-Za-z -]{0,40}:\s/.test(l.trim()))
    .join('\n')
    .trim();
}

/** The evidence, and apart from it one item per ISO week (e.g. 2026-W07) with a commit of mine. */
export function detectCraft(ctx: HistoryContext, mentoring: MentoringResult): { evidence: EvidenceItem[]; weeks: [string, EvidenceItem][] } {
  const evidence: EvidenceItem[] = [];
  const weeks = new Map<string, CommitRecord>();
  for (const c of ctx.periodCommits) {
    const byMe = authoredByMe(ctx, c);

    const onMainline = ctx.mainline[ctx.indexOf(c)] === 1;
    if (isMerge(c)) {
      // Delivery: a branch of several of my commits merged (by anyone) into HEAD's first-parent chain. Each commit
      // is brought in by exactly one such merge, so none is delivered twice; merges inside a merged branch are not.
      if (!onMainline) continue;
      const mine = mergedBranchCommits(ctx, c).filter(b => authoredByMe(ctx, b));
      if (mine.length >= 2) {
        evidence.push(
          item(ctx, 'delivery', 'delivery.mergedBranch', c, `Delivered "${c.subject}": ${mine.length} commits of mine merged`, {
            paths: [...new Set(mine.flatMap(b => b.files.map(f => f.path)))].slice(0, 20),
            weight: 2,
            figures: measure(mine),
          }),
        );
      }
      continue;
    }
    if (!byMe) continue;

    // A squashed pull request landed as this very commit only when it is on the first-parent chain; one that came
    // in through a merge is delivered by that merge.
    const squashed = onMainline ? SQUASHED_PR.exec(c.subject) : null;
    if (squashed) evidence.push(item(ctx, 'delivery', 'delivery.mergedBranch', c, `Pull request #${squashed[1]} merged: "${c.subject}"`, { weight: 2 }));

    const week = isoWeek(new Date(c.committerDate));
    weeks.set(week, c); // newest first, so the last one kept is the week's first commit

    // Reviewers by trailer and by vote in Gerrit; a CI bot's Verified+1 is not someone reviewing my work.
    const note = reviewNoteOf(ctx, c);
    const reviewers = [
      ...c.trailers.filter(t => REVIEW_TRAILERS.includes(t.key) && t.person).map(t => t.person!),
      ...(note?.votes ?? []).map(v => v.person),
    ].filter(p => !isMine(ctx.identity, p) && !ctx.excluded(p));
    if (reviewers.length > 0) {
      evidence.push(
        item(ctx, 'collaboration', 'collaboration.reviewedByOthers', c, `"${c.subject}" reviewed by ${[...new Set(reviewers.map(displayName))].join(', ')}`, {
          people: [...new Set(reviewers.map(p => p.email))],
          ...(note?.reviewedOn ? { url: note.reviewedOn } : {}),
        }),
      );
    }

    const paths = c.files.map(f => f.path);
    const isFix = c.trailers.some(t => t.key === 'Fixes') || FIX_SUBJECT.test(c.subject);
    const explained = c.trailers.some(t => t.key === 'Fixes') || ROOT_CAUSE.test(c.body);
    if (isFix && explained) evidence.push(item(ctx, 'diagnostics', 'diagnostics.fix', c, `Fixed and explained: "${c.subject}"`));
    if (isFix && paths.some(p => TEST_PATH.test(p))) {
      evidence.push(
        item(ctx, 'diagnostics', 'diagnostics.regressionTest', c, `Fix with a test: "${c.subject}"`, { paths: paths.filter(p => TEST_PATH.test(p)) }),
      );
    }

    const design = paths.filter(p => DESIGN_PATH.test(p));
    const docs = paths.filter(p => DOC_PATH.test(p) && !DESIGN_PATH.test(p));
    if (design.length > 0) evidence.push(item(ctx, 'communication', 'communication.design', c, `Design record: "${c.subject}"`, { paths: design, weight: 2 }));
    if (docs.length > 0) evidence.push(item(ctx, 'communication', 'communication.docs', c, `Documentation: "${c.subject}"`, { paths: docs }));
    if (bodyWithoutTrailers(c).length >= 200) {
      evidence.push(item(ctx, 'communication', 'communication.detailedMessage', c, `Explained the why in "${c.subject}"`));
    }
  }
  for (const { commit, peers } of mentoring.peerCoauthored) {
    evidence.push(
      item(ctx, 'collaboration', 'collaboration.coauthor', commit, `Co-authored "${commit.subject}" with ${peers.map(displayName).join(', ')}`, {
        people: peers.map(p => p.email),
      }),
    );
  }
  return {
    evidence,
    // A week is weighed as a week: the size of its first commit says nothing about it.
    weeks: [...weeks].map(([week, c]) => [
      week,
      item(ctx, 'consistency', 'consistency.activeWeek', c, `Active in week ${week} (from ${day(c.committerDate)})`, { weight: 0.25, figures: {} }),
    ]),
  };
}

/** ISO 8601 week label, e.g. 2026-W07. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const dayNum = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
