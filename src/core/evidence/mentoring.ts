import type { CommitRecord, EvidenceItem, Person, TrailerKey } from '../model';
import { isMine } from '../git/identity';
import { REVIEW_TRAILERS } from './reviews';
import {
  authoredByMe,
  day,
  displayName,
  isMerge,
  isNewerThanMe,
  item,
  mergedBranchCommits,
  myVotesOnOthers,
  reviewNoteOf,
  trailersNamingMe,
  type HistoryContext,
} from './context';

/** localeCompare's order, with one collator instead of one per comparison. */
const collate = new Intl.Collator().compare;
const GUIDANCE_TRAILERS: readonly TrailerKey[] = ['Mentored-by', 'Helped-by', 'Suggested-by'];
const COAUTHOR_TRAILERS: readonly TrailerKey[] = ['Co-authored-by', 'Co-developed-by'];
export const MENTORING_TRAILERS = ['Mentored-by', 'Helped-by', 'Suggested-by', 'Co-authored-by', 'Co-developed-by'] as const;

export interface MentoredPerson {
  name: string;
  email: string;
  /** Distinct commits that show me mentoring this person. */
  commits: number;
}

/** What one repository knows of a person I guided: enough to tell mentoring from help given once. */
export interface Mentee extends MentoredPerson {
  /** The distinct days (YYYY-MM-DD) of those commits, oldest first. */
  days: string[];
  /** They named me in a Mentored-by, Helped-by or Suggested-by trailer. */
  explicit: boolean;
}

/**
 * Mentoring, as opposed to help given once: the person credited me explicitly, or I guided them on at least two
 * different days. A maintainer who pushed one fix-up onto a contributor's pull request helped; they did not mentor.
 */
export function isMentored(p: Pick<Mentee, 'days' | 'explicit'>): boolean {
  return p.explicit || p.days.length >= 2;
}

/**
 * Help given once is not mentoring: co-authoring or first-change reviews whose people are all helped-once become
 * `mentoring.helped`, which the framework counts for helping newer colleagues but not for deliberate mentoring.
 * Stored results keep the detectors' signals (whether someone was mentored depends on every repository and run), so
 * relabelled items are new objects; the evidence is sorted after this.
 */
export function relabelOneOffHelp(evidence: EvidenceItem[], mentored: ReadonlySet<string>): void {
  evidence.forEach((e, i) => {
    if (e.kind === 'mentoring' && e.signal !== 'mentoring.trailer' && !e.people.some(p => mentored.has(p))) evidence[i] = { ...e, signal: 'mentoring.helped' };
  });
}

/** The same person's records from several repositories or runs, as one. */
export function mergeMentees(into: Map<string, Mentee>, people: readonly Mentee[]): void {
  for (const p of people) {
    const known = into.get(p.email);
    if (!known) {
      into.set(p.email, { ...p, days: [...p.days] });
      continue;
    }
    into.set(p.email, {
      name: p.name || known.name,
      email: p.email,
      commits: known.commits + p.commits,
      days: [...new Set([...known.days, ...p.days])].sort(),
      explicit: known.explicit || p.explicit,
    });
  }
}

export interface MentoringResult {
  evidence: EvidenceItem[];
  byTrailer: Record<(typeof MENTORING_TRAILERS)[number], number>;
  people: Mentee[];
  /** Co-authors who were not newer than me: peers, for the collaboration signal. */
  peerCoauthored: { commit: CommitRecord; peers: Person[] }[];
}

/**
 * Mentoring: guidance trailers naming me on others' commits; co-authoring with someone newer than me; my reviews (by
 * trailer or by a vote in Gerrit) and merges of a newcomer's first commits. Each person is counted once, by their mailmap-resolved email.
 */
export function detectMentoring(ctx: HistoryContext): MentoringResult {
  const evidence: EvidenceItem[] = [];
  const byTrailer = { 'Mentored-by': 0, 'Helped-by': 0, 'Suggested-by': 0, 'Co-authored-by': 0, 'Co-developed-by': 0 };
  const people = new Map<string, { person: Person; commits: Set<string>; days: Set<string>; explicit: boolean }>();
  const peerCoauthored: MentoringResult['peerCoauthored'] = [];
  const mentee = (p: Person, c: CommitRecord, explicit = false) => {
    const entry = people.get(p.email) ?? { person: p, commits: new Set<string>(), days: new Set<string>(), explicit: false };
    if (!entry.person.name && p.name) entry.person = p;
    entry.commits.add(c.sha);
    entry.days.add(day(c.committerDate));
    entry.explicit ||= explicit;
    people.set(p.email, entry);
  };
  const isFirst = (c: CommitRecord) => ctx.firstCommitSet.has(ctx.indexOf(c));
  const reviewedFirsts = new Set<string>();

  for (const c of ctx.periodCommits) {
    const naming = trailersNamingMe(ctx, c, MENTORING_TRAILERS);
    for (const key of new Set(naming.map(t => t.key))) byTrailer[key as keyof typeof byTrailer]++;
    const author = c.author;
    const byMe = authoredByMe(ctx, c);

    const guidance = naming.filter(t => GUIDANCE_TRAILERS.includes(t.key));
    if (guidance.length > 0 && !byMe && !ctx.excluded(author)) {
      mentee(author, c, true);
      const keys = [...new Set(guidance.map(t => t.key))].join(', ');
      evidence.push(item(ctx, 'mentoring', 'mentoring.trailer', c, `${keys} on "${c.subject}" by ${displayName(author)}`, { people: [author.email] }));
    }

    if (!isMerge(c)) {
      // Co-authoring: me as author with co-authors, or me as co-author of someone else's commit.
      const partners: Person[] = byMe
        ? c.trailers.filter(t => COAUTHOR_TRAILERS.includes(t.key) && t.person && !isMine(ctx.identity, t.person)).map(t => t.person!)
        : naming.some(t => COAUTHOR_TRAILERS.includes(t.key))
          ? [author]
          : [];
      const humans = dedupe(partners.filter(p => !ctx.excluded(p)));
      const newer = humans.filter(p => isNewerThanMe(ctx, p));
      const peers = humans.filter(p => !isNewerThanMe(ctx, p));
      if (newer.length > 0) {
        newer.forEach(p => mentee(p, c));
        evidence.push(
          item(ctx, 'mentoring', 'mentoring.coauthor', c, `Co-authored "${c.subject}" with ${newer.map(displayName).join(', ')} (newer to this repository)`, {
            people: newer.map(p => p.email),
          }),
        );
      }
      if (peers.length > 0) peerCoauthored.push({ commit: c, peers });
    }

    // A newcomer's first changes that I reviewed or merged.
    const firsts: CommitRecord[] = [];
    if (!byMe && isFirst(c) && (trailersNamingMe(ctx, c, REVIEW_TRAILERS).length > 0 || myVotesOnOthers(ctx, c).length > 0)) firsts.push(c);
    if (isMerge(c) && byMe && ctx.mainline[ctx.indexOf(c)]) firsts.push(...mergedBranchCommits(ctx, c).filter(b => isFirst(b) && !authoredByMe(ctx, b)));
    for (const first of firsts) {
      if (reviewedFirsts.has(first.sha) || ctx.excluded(first.author) || !isNewerThanMe(ctx, first.author)) continue;
      reviewedFirsts.add(first.sha);
      mentee(first.author, c); // the interaction is the review or the merge: one merge of three first commits is one
      const how = first === c ? 'Reviewed' : `Merged (in ${c.sha.slice(0, 7)})`;
      const reviewedOn = first === c ? reviewNoteOf(ctx, c)?.reviewedOn : undefined;
      evidence.push(
        item(ctx, 'mentoring', 'mentoring.newcomerReview', first, `${how} one of ${displayName(first.author)}'s first changes: "${first.subject}"`, {
          people: [first.author.email],
          ...(reviewedOn ? { url: reviewedOn } : {}),
        }),
      );
    }
  }
  return {
    evidence,
    byTrailer,
    people: [...people.values()]
      .map(({ person, commits, days, explicit }) => ({ name: person.name, email: person.email, commits: commits.size, days: [...days].sort(), explicit }))
      .sort((a, b) => b.commits - a.commits || collate(a.email, b.email)),
    peerCoauthored,
  };
}

function dedupe(people: Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (!seen.has(p.email)) seen.set(p.email, p);
  return [...seen.values()];
}
