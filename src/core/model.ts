/** The domain vocabulary shared by every part of the core. Plain data only: everything here serialises to JSON. */

export interface Person {
  name: string;
  /** Lower-cased, after .mailmap. */
  email: string;
}

/** Canonical trailer keys the detectors understand. */
export type TrailerKey =
  | 'Reviewed-by'
  | 'Acked-by'
  | 'Tested-by'
  | 'Approved-by'
  | 'Mentored-by'
  | 'Helped-by'
  | 'Suggested-by'
  | 'Co-authored-by'
  | 'Co-developed-by'
  | 'Signed-off-by'
  | 'Reported-by'
  | 'Fixes'
  | 'Reviewed-on';

export interface Trailer {
  key: TrailerKey;
  value: string;
  /** Set when the value is an identity ("Name <email>"); the email is mailmap-resolved and lower-cased. */
  person?: Person;
}

export interface FileChange {
  path: string;
  /** Set for renames and copies. */
  oldPath?: string;
  /** null for binary files (git prints `-`). */
  added: number | null;
  deleted: number | null;
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  author: Person;
  committer: Person;
  /** ISO 8601 with the original offset, as git prints it. */
  authorDate: string;
  committerDate: string;
  subject: string;
  body: string;
  trailers: Trailer[];
  /** Changes against the first parent; empty for merges. */
  files: FileChange[];
}

export type EvidenceKind = 'ownership' | 'review' | 'mentoring' | 'delivery' | 'collaboration' | 'consistency' | 'diagnostics' | 'communication' | 'win';

/** Every signal a detector can emit. A framework refers to these by name. */
export const SIGNALS = {
  'ownership.mainDeveloper': 'Main developer of an area (largest share of its changed lines)',
  'ownership.sustained': 'Kept an area alive across several months',
  'ownership.soleRecentAuthor': 'Only recent author of an area (knowledge risk to share)',
  'review.trailer': 'Named as reviewer, acker, tester or approver in a trailer',
  'review.merge': "Merged someone else's branch or pull request",
  'review.applied': "Applied someone else's patch (committed work they authored)",
  'review.vote': "Voted on someone else's change in Gerrit (Code-Review, Verified, …)",
  'review.imported': "Reviewed someone else's pull or merge request on the code host (imported with growth-ledger import-reviews)",
  'mentoring.trailer': "Named in Mentored-by, Helped-by or Suggested-by on someone else's commit",
  'mentoring.coauthor': 'Co-authored with a newer contributor',
  'mentoring.newcomerReview': "Reviewed or merged a newcomer's first changes",
  'mentoring.helped': 'Helped a newer contributor once (co-authored or reviewed one change, or several on one day)',
  'delivery.mergedBranch': 'A multi-commit branch of mine was merged',
  'delivery.commits': 'Non-merge commits authored',
  'collaboration.coauthor': 'Co-authored with a peer',
  'collaboration.reviewedByOthers': 'My work was reviewed by others',
  'consistency.activeWeek': 'A week with commits of mine',
  'diagnostics.fix': 'A fix with a Fixes: trailer or a root-cause explanation',
  'diagnostics.regressionTest': 'A fix that adds or changes tests',
  'communication.docs': 'Documentation written or improved',
  'communication.design': 'A design record (ADR, RFC, design doc)',
  'communication.detailedMessage': 'A commit message that explains why, in detail',
  'win.logged': 'A win logged by hand',
} as const;

export type Signal = keyof typeof SIGNALS;

export function isSignal(value: string): value is Signal {
  return Object.prototype.hasOwnProperty.call(SIGNALS, value);
}

export interface EvidenceItem {
  kind: EvidenceKind;
  signal: Signal;
  /** Repository root path; empty for notes. */
  repo: string;
  /**
   * Full SHA; the note id for `win.logged`; for `review.imported` without a local landing commit, the review's id
   * (`owner/repo#123`, `group/project!7`).
   */
  commit: string;
  /** YYYY-MM-DD */
  date: string;
  summary: string;
  people: string[];
  paths: string[];
  weight: number;
  /** The subject of the commit (or the title of the note) this item cites. */
  subject: string;
  /** The commit on the remote's web UI (GitHub, GitLab, Bitbucket, googlesource), when the remote is known. */
  link?: string;
  /** A review link from the commit itself (Gerrit `Reviewed-on`), https only. */
  url?: string;
  /** How big the work behind the item is, where its detector can measure it: what ranking weighs and the packet names. */
  figures?: Figures;
}

/** Measured sizes of one piece of evidence; absent fields were not measured (a merge has no lines of its own). */
export interface Figures {
  /** Lines added and deleted, generated files (lockfiles, bundles) left out. */
  lines?: number;
  commits?: number;
  /** Distinct areas (directories, two levels deep) the work touched. */
  areas?: number;
  /** Distinct months with work in an area. */
  months?: number;
  /** Distinct people the work involved besides me. */
  people?: number;
  /** My share of an area's changed lines, 0 to 1. */
  share?: number;
}

export type Level = 'mid' | 'senior';
export type Status = 'demonstrated' | 'partial' | 'none';
