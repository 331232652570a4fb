/**
 * Each repository's last analysis result, kept in a long-lived caller's memory and in a file under the cache
 * directory (outside the workspace), so the next analysis can reuse or extend it instead of starting over. A stored
 * result is trusted only when its key, everything the result depends on besides the commits, is unchanged.
 */
import { mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { tempPathFor } from './atomicWrite';
import { removeOtherVersions, versionedFile } from './cacheFiles';
import { CACHE_VERSION } from './git/historyCacheFormat';
import type { RepositoryFacts } from './git/repository';
import type { Period } from './period';
import { EvidenceEncoder, decodeEvidence, type EvidenceTable } from './evidenceCodec';
import type { EvidenceItem } from './model';

/** Bump when RepoResult or any detector changes, so a stored result is never reused across versions. */
const RESULT_VERSION = 6;

/** What a stored result holds beyond plain data: its evidence lists, which are kept in the compact form of evidenceCodec.ts. */
export interface WithEvidence {
  evidence: EvidenceItem[];
  quarters: { evidence: EvidenceItem[] }[];
}

/** A stored result as its file holds it. */
interface StoredFile {
  key: string;
  head: string;
  table: EvidenceTable;
  result: Record<string, unknown> & { evidence: unknown[][]; quarters: (Record<string, unknown> & { evidence: unknown[][] })[] };
}

function toFile<Result extends WithEvidence>(stored: StoredResult<Result>): StoredFile {
  const encoder = new EvidenceEncoder();
  const result = {
    ...stored.result,
    evidence: encoder.encode(stored.result.evidence),
    quarters: stored.result.quarters.map(q => ({ ...q, evidence: encoder.encode(q.evidence) })),
  };
  return { key: stored.key, head: stored.head, table: encoder.finish(), result: result as unknown as StoredFile['result'] };
}

function fromFile<Result extends WithEvidence>(file: StoredFile): StoredResult<Result> {
  const { table } = file;
  const result = {
    ...file.result,
    evidence: decodeEvidence(file.result.evidence, table),
    quarters: file.result.quarters.map(q => ({ ...q, evidence: decodeEvidence(q.evidence, table) })),
  };
  return { key: file.key, head: file.head, result: result as unknown as Result };
}

export interface StoredResult<Result> {
  key: string;
  /** The commit the result was made at. */
  head: string;
  result: Result;
}

/** The part of a long-lived caller's memory that holds results, by repository root. */
export interface ResultMemory<Result> {
  results: Map<string, StoredResult<Result>>;
  /** Results not yet written to their files: saveResults() writes them when the caller chooses (the scan worker: once scans pause). */
  unsaved: Map<string, StoredResult<Result>>;
}

/** Everything a repository's result depends on apart from its commits: when any of it changes, the result is recomputed. */
export function resultKey(
  facts: Pick<RepositoryFacts, 'root' | 'shallow' | 'remoteUrl' | 'userName'>,
  /** `trajectoryFrom`: the trajectory's oldest quarter, which moves on when a new quarter begins. */
  inputs: { mailmap: string; generated: string; mine: string[]; period: Period; excludedAuthors?: string[]; notesRef?: string | null; trajectoryFrom: string },
): string {
  const { mailmap, generated, mine, period, excludedAuthors, notesRef, trajectoryFrom } = inputs;
  return JSON.stringify([
    RESULT_VERSION,
    CACHE_VERSION,
    facts.root,
    facts.shallow,
    facts.remoteUrl ?? null,
    mailmap,
    generated,
    mine,
    facts.userName ?? null,
    period.from,
    period.to,
    excludedAuthors ?? [],
    notesRef ?? null,
    trajectoryFrom,
  ]);
}

function resultFileFor(cacheDir: string, root: string): string {
  return versionedFile(cacheDir, 'result', RESULT_VERSION, root, 'json');
}

async function readStored<Result extends WithEvidence>(file: string): Promise<StoredResult<Result> | undefined> {
  try {
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as StoredFile;
    const whole =
      typeof stored?.key === 'string' &&
      typeof stored.head === 'string' &&
      Array.isArray(stored.table?.strings) &&
      Array.isArray(stored.result?.evidence) &&
      Array.isArray(stored.result.quarters);
    return whole ? fromFile<Result>(stored) : undefined;
  } catch {
    return undefined; // missing, torn or hand-edited: recomputed
  }
}

/** Temp file and rename, not synced: a torn file fails to parse and is simply recomputed. */
async function writeStored<Result extends WithEvidence>(file: string, stored: StoredResult<Result>): Promise<void> {
  const temp = tempPathFor(file);
  removeOtherVersions(file);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await fs.writeFile(temp, JSON.stringify(toFile(stored)), { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined); // a result that cannot be stored costs speed only
  }
}

/** The last result stored for the repository at `root`: from memory first, else from its file; undefined when there is none. */
export async function recallResult<Result extends WithEvidence>(
  root: string,
  cacheDir: string | undefined,
  memory: ResultMemory<Result> | undefined,
): Promise<StoredResult<Result> | undefined> {
  return memory?.results.get(root) ?? (cacheDir ? await readStored<Result>(resultFileFor(cacheDir, root)) : undefined);
}

/** Stores the repository's new result. A long-lived caller's file is written later (saveResults); its memory serves until then. */
export async function keepResult<Result extends WithEvidence>(
  root: string,
  cacheDir: string | undefined,
  memory: ResultMemory<Result> | undefined,
  stored: StoredResult<Result>,
): Promise<void> {
  memory?.results.set(root, stored);
  if (!cacheDir) return;
  const file = resultFileFor(cacheDir, root);
  if (memory) memory.unsaved.set(file, stored);
  else await writeStored(file, stored);
}

/** Writes the results a memory holds for later (see ResultMemory.unsaved). */
export async function saveResults<Result extends WithEvidence>(memory: ResultMemory<Result>): Promise<void> {
  for (const [file, stored] of memory.unsaved) {
    memory.unsaved.delete(file);
    await writeStored(file, stored);
  }
}
