import type { Person } from '../model';
import { GitError, runGit, runGitWithInput, streamGit, type GitOptions } from './exec';
import type { History } from './history';
import type { RepositoryFacts } from './repository';
import { httpsUrl, parseIdentity } from './trailers';
import { normaliseEmail } from './identity';
import { nulTokens } from './nulStream';

/**
 * Gerrit's record of its reviews: the reviewnotes plugin attaches a note to every submitted commit under this ref,
 * one header per line:
 *
 *     Code-Review+2: Jane Maintainer <jane@example.org>
 *     Verified+1: CI Bot <ci@example.org>
 *     Submitted-by: Jane Maintainer <jane@example.org>
 *     Submitted-at: Tue, 14 May 2024 10:11:12 +0000
 *     Reviewed-on: https://review.example.org/c/project/+/12345
 *     Project: project
 *     Branch: refs/heads/main
 *
 * Votes of 0 are never written; an account without a name or an email is written as "Name Unknown #1000123", which
 * names no one we can match.
 */
export const REVIEW_NOTES_REF = 'refs/notes/review';

export interface ReviewVote {
  /** The label as Gerrit names it: Code-Review, Verified, Library-Compliance, … */
  label: string;
  /** Never 0. */
  value: number;
  person: Person;
}

export interface ReviewNote {
  votes: ReviewVote[];
  submittedBy?: Person;
  /** ISO 8601 with the offset the note was written in, as git prints commit dates. */
  submittedAt?: string;
  /** The change on the review server, https only. */
  reviewedOn?: string;
}

const VOTE = /^([A-Za-z][A-Za-z0-9-]*?)([+-]\d{1,4})\s*:\s*(\S.*)$/;
const HEADER = /^(Submitted-by|Submitted-at|Reviewed-on)\s*:\s*(\S.*)$/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 2822 as the plugin formats it ("EEE, dd MMM yyyy HH:mm:ss Z"), the weekday optional. */
const RFC_2822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{2})(\d{2})$/;

function isoDate(rfc2822: string): string | undefined {
  const m = RFC_2822.exec(rfc2822.trim());
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  if (!m || month < 0) return undefined;
  const iso = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}T${m[4]}:${m[5]}:${m[6]}${m[7]}:${m[8]}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** Reads one note. Lines it does not know (Project, Branch, Comments-Total, anything else) are ignored. */
export function parseReviewNote(text: string): ReviewNote {
  const note: ReviewNote = { votes: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const vote = VOTE.exec(line);
    if (vote) {
      const person = parseIdentity(vote[3]!);
      const value = Number(vote[2]);
      if (person && value !== 0) note.votes.push({ label: vote[1]!, value, person });
      continue;
    }
    const header = HEADER.exec(line);
    if (!header) continue;
    const key = header[1]!.toLowerCase();
    if (key === 'submitted-by') note.submittedBy = parseIdentity(header[2]!) ?? note.submittedBy;
    else if (key === 'submitted-at') note.submittedAt = isoDate(header[2]!) ?? note.submittedAt;
    else note.reviewedOn ??= httpsUrl(header[2]!);
  }
  return note;
}

/** Gerrit writes a few hundred bytes per change; anything far larger is not a review note and is not read. */
const MAX_NOTE_BYTES = 64 * 1024;

/** The index just past `bytes` UTF-8 bytes of `text` from `start`, or -1 when that falls inside a character or past the end. */
function advanceBytes(text: string, start: number, bytes: number): number {
  let i = start;
  let count = 0;
  while (count < bytes && i < text.length) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) count += 1;
    else if (unit < 0x800) count += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      count += 4;
      i++;
    } else count += 3;
    i++;
  }
  return count === bytes ? i : -1;
}

/**
 * The contents of `git cat-file --batch` output for blobs asked for in this order. The sizes git prints are bytes
 * while the text arrives decoded; for UTF-8 (all Gerrit writes) they agree. A note that is not UTF-8 decodes to a
 * different length, so its content is dropped and the next blob is found by its header.
 */
function splitBatch(output: string, blobs: readonly string[]): Map<string, string> {
  const contents = new Map<string, string>();
  let at = 0;
  for (const blob of blobs) {
    if (!output.startsWith(`${blob} `, at)) {
      const found = output.indexOf(`\n${blob} `, at);
      if (found < 0) continue;
      at = found + 1;
    }
    const headerEnd = output.indexOf('\n', at);
    if (headerEnd < 0) break;
    const [, type, size] = output.slice(at, headerEnd).split(' ');
    at = headerEnd + 1;
    if (type !== 'blob' || !/^\d+$/.test(size ?? '')) continue; // "missing", or not a blob
    const end = advanceBytes(output, at, Number(size));
    if (end < 0 || output[end] !== '\n') continue;
    contents.set(blob, output.slice(at, end));
    at = end + 1;
  }
  return contents;
}

/**
 * Where refs/notes/review points, or null when the repository has none. The usual repository facts carry it already
 * (read in the same `git rev-parse` as HEAD); only the step-by-step reading of an odd repository needs a call here.
 */
export async function reviewNotesRef(facts: Pick<RepositoryFacts, 'root' | 'reviewNotes'>, options: GitOptions = {}): Promise<string | null> {
  if (facts.reviewNotes !== undefined) return facts.reviewNotes;
  return runGit(facts.root, ['rev-parse', '--verify', '-q', `${REVIEW_NOTES_REF}^{commit}`], options).then(
    sha => (/^[0-9a-f]{40,64}$/.test(sha) ? sha : null),
    error => {
      if (error instanceof GitError && error.code === 'cancelled') throw error;
      return null; // exit 1: no such ref
    },
  );
}

/**
 * The review notes of the commits in the period among the newest `newest` of the history, by commit index, read at
 * `ref` with two git processes whatever their number: `git ls-tree` lists every note with its size (so an
 * oversized blob is never read), and one `git cat-file --batch` reads the blobs of the commits wanted. Nothing runs
 * without a ref.
 */
export async function readReviewNotes(
  root: string,
  ref: string | null,
  history: History,
  period: { from: number; to: number },
  newest = history.count,
  options: GitOptions = {},
): Promise<Map<number, ReviewNote>> {
  const notes = new Map<number, ReviewNote>();
  if (!ref || !/^[0-9a-f]{40,64}$/.test(ref)) return notes;
  const { committerTime } = history.columns;
  const wanted = new Map<string, number>();
  for (let i = 0; i < Math.min(newest, history.count); i++) {
    if (committerTime[i]! >= period.from && committerTime[i]! <= period.to) wanted.set(history.sha(i), i);
  }
  if (wanted.size === 0) return notes;

  // Note paths are the annotated commit's hex, split into fan-out folders (ab/cdef…) once a notes tree grows.
  const commitsOfBlob = new Map<string, number[]>();
  const entries = nulTokens(line => {
    const match = /^\d+ blob ([0-9a-f]{40,64}) +(\d+)\t(.+)$/.exec(line);
    if (!match || Number(match[2]) > MAX_NOTE_BYTES) return;
    const commit = wanted.get(match[3]!.replace(/\//g, ''));
    if (commit === undefined) return;
    const list = commitsOfBlob.get(match[1]!);
    if (list) list.push(commit);
    else commitsOfBlob.set(match[1]!, [commit]);
  });
  await streamGit(root, ['ls-tree', '-r', '-l', '-z', ref], entries.write, options);
  entries.end();
  if (commitsOfBlob.size === 0) return notes;

  const blobs = [...commitsOfBlob.keys()];
  const output = await runGitWithInput(root, ['cat-file', '--batch'], blobs.join('\n') + '\n', options);
  for (const [blob, text] of splitBatch(output, blobs)) {
    const note = parseReviewNote(text);
    for (const commit of commitsOfBlob.get(blob)!) notes.set(commit, note);
  }
  return notes;
}

/** Everyone the notes name, for .mailmap. */
export function notePeople(notes: ReadonlyMap<number, ReviewNote>): Person[] {
  const people: Person[] = [];
  for (const note of notes.values()) {
    for (const vote of note.votes) people.push(vote.person);
    if (note.submittedBy) people.push(note.submittedBy);
  }
  return people;
}

/** The notes with their people through .mailmap's answers (a map from lower-cased email, as resolveMailmap returns). */
export function withMailmap(notes: ReadonlyMap<number, ReviewNote>, resolved: ReadonlyMap<string, Person>): Map<number, ReviewNote> {
  const map = (p: Person): Person => ({ ...(resolved.get(normaliseEmail(p.email)) ?? p) });
  const out = new Map<number, ReviewNote>();
  for (const [commit, note] of notes) {
    out.set(commit, {
      ...note,
      votes: note.votes.map(v => ({ ...v, person: map(v.person) })),
      ...(note.submittedBy ? { submittedBy: map(note.submittedBy) } : {}),
    });
  }
  return out;
}

/** How many of the newest commits are looked at for Change-Id trailers. */
const RECENT_COMMITS = 50;
const CHANGE_ID = /^Change-Id:\s*I[0-9a-f]{40}\s*$/im;

/**
 * What the analysis should tell about review notes: a repository whose recent commits carry Gerrit's Change-Id
 * trailers but that has no review notes is missing the votes and submissions, and one fetch brings them.
 */
export function reviewNotesNotices(history: History, ref: string | null): string[] {
  if (ref) return [];
  for (let i = 0; i < Math.min(RECENT_COMMITS, history.count); i++) {
    if (!history.isMerge(i) && CHANGE_ID.test(history.record(i).body)) {
      return [
        `This repository uses Gerrit (Change-Id trailers) but has no review notes; fetch them with: git fetch origin ${REVIEW_NOTES_REF}:${REVIEW_NOTES_REF}`,
      ];
    }
  }
  return [];
}
