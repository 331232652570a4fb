/**
 * What `git check-mailmap` answered for a repository, kept while its mailmap stays the same: in a long-lived caller's
 * memory and in a small file under the cache directory, so that a refresh asks git only about people it has not
 * asked about before (most refreshes: nobody, and no git process).
 */
import { promises as fs } from 'node:fs';
import { versionedFile, writeCacheFile } from './cacheFiles';
import type { MailmapAnswers } from './git/identity';

/** Bump when the file's form changes. */
const ANSWERS_VERSION = 1;

/** The part of a long-lived caller's memory that holds answers, by repository root. */
export type AnswersMemory = Map<string, { fingerprint: string; answers: MailmapAnswers }>;

interface AnswersFile {
  /** The mailmap the answers were given for (mailmapFingerprint). */
  fingerprint: string;
  /** [the line asked, git's answer] */
  answers: [string, string][];
}

function answersFileFor(cacheDir: string, root: string): string {
  return versionedFile(cacheDir, 'mailmap', ANSWERS_VERSION, root, 'json');
}

const isAnswersFile = (value: unknown): value is AnswersFile =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AnswersFile).fingerprint === 'string' &&
  Array.isArray((value as AnswersFile).answers) &&
  (value as AnswersFile).answers.every(a => Array.isArray(a) && a.length === 2 && typeof a[0] === 'string' && typeof a[1] === 'string');

/**
 * The answers known for the repository's mailmap: from memory, else from its file; none when the mailmap has
 * changed since (or the file is missing, torn or hand-edited: the answers are simply asked again). The map is the
 * one a memory keeps, so the answers added to it are remembered.
 */
export async function recallAnswers(
  root: string,
  fingerprint: string,
  cacheDir: string | undefined,
  memory: AnswersMemory | undefined,
): Promise<MailmapAnswers> {
  const remembered = memory?.get(root);
  if (remembered?.fingerprint === fingerprint) return remembered.answers;
  const answers = (cacheDir && (await readAnswers(answersFileFor(cacheDir, root), fingerprint))) || new Map<string, string>();
  memory?.set(root, { fingerprint, answers });
  return answers;
}

async function readAnswers(file: string, fingerprint: string): Promise<MailmapAnswers | undefined> {
  try {
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    return isAnswersFile(stored) && stored.fingerprint === fingerprint ? new Map(stored.answers) : undefined;
  } catch {
    return undefined; // missing or not JSON
  }
}

/** Stores the answers for the next process (one that cannot be written costs that process a git call). */
export async function saveAnswers(root: string, fingerprint: string, answers: MailmapAnswers, cacheDir: string): Promise<void> {
  await writeCacheFile(answersFileFor(cacheDir, root), JSON.stringify({ fingerprint, answers: [...answers] } satisfies AnswersFile));
}
