/**
 * Each repository's last analysis result, kept in a long-lived caller's memory and in a file under the cache
 * directory (outside the workspace), so the next analysis can reuse or extend it instead of starting over. A stored
 * result is trusted only when its key, everything the result depends on besides the commits, is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { tempPathFor } from './atomicWrite';
import { companionFile, removeOtherVersions, versionedFile } from './cacheFiles';
import { CACHE_VERSION } from './git/historyCacheFormat';
import type { RepositoryFacts } from './git/repository';
import type { Period } from './period';
import { EvidenceEncoder, decodeEvidence, type EvidenceTable } from './evidenceCodec';
import type { EvidenceItem } from './model';

/** Bump when RepoResult or any detector changes, so a stored result is never reused across versions. */
const RESULT_VERSION = 7;

/** What a stored result holds beyond plain data: its evidence lists, which are kept in the compact form of evidenceCodec.ts. */
export interface WithEvidence {
  evidence: EvidenceItem[];
  quarters: { evidence: EvidenceItem[] }[];
}

type EncodedResult = Record<string, unknown> & { evidence: unknown[][]; quarters: (Record<string, unknown> & { evidence: unknown[][] })[] };

/** A result file: a whole result, named by an id its additions file refers to. */
interface ResultFile {
  id: string;
  key: string;
  head: string;
  table: EvidenceTable;
  result: EncodedResult;
}

/**
 * A newer result as what it adds to its result file: everything but the evidence as it is; the evidence as a layout of
 * new items (a count of the next ones) and runs of the file's items (`[from, to)`), in the result's order; each quarter
 * as the index of the file's quarter it still is, or in full.
 */
interface AdditionsFile {
  base: string;
  key: string;
  head: string;
  table: EvidenceTable;
  result: Record<string, unknown> & {
    evidence: { layout: (number | [number, number])[]; items: unknown[][] };
    quarters: (number | (Record<string, unknown> & { evidence: unknown[][] }))[];
  };
}

/** A result file as it was read or written: the evidence and quarters a result extending it shares with it. */
interface WrittenFile {
  id: string;
  evidence: readonly EvidenceItem[];
  quarters: readonly object[];
}

export interface StoredResult<Result> {
  key: string;
  /** The commit the result was made at. */
  head: string;
  result: Result;
  /**
   * The result file this result is, or extends (its evidence and untouched quarters are the file's own objects): a
   * result that only adds to its file is stored as an additions file beside it, far smaller to write.
   */
  base?: WrittenFile;
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

function additionsFileFor(resultFile: string): string {
  return companionFile(resultFile, 'additions');
}

/**
 * Additions are written while they stay small beside the file: once they hold more than an eighth as many items, the
 * whole result is written again.
 */
const ADDITIONS_SHARE = 8;

function encodeQuarter(encoder: EvidenceEncoder, quarter: { evidence: EvidenceItem[] }) {
  return { ...quarter, evidence: encoder.encode(quarter.evidence) };
}

function toFile<Result extends WithEvidence>(stored: StoredResult<Result>, id: string): ResultFile {
  const encoder = new EvidenceEncoder();
  const result = {
    ...stored.result,
    evidence: encoder.encode(stored.result.evidence),
    quarters: stored.result.quarters.map(q => encodeQuarter(encoder, q)),
  };
  return { id, key: stored.key, head: stored.head, table: encoder.finish(), result: result as unknown as EncodedResult };
}

/** What the result adds to the file it extends, or undefined when it drops some of the file's evidence or adds too much. */
function toAdditions<Result extends WithEvidence>(stored: StoredResult<Result>, base: WrittenFile): AdditionsFile | undefined {
  const at = new Map(base.evidence.map((e, i) => [e, i] as const));
  const layout: AdditionsFile['result']['evidence']['layout'] = [];
  const fresh: EvidenceItem[] = [];
  for (const e of stored.result.evidence) {
    const i = at.get(e);
    const last = layout[layout.length - 1];
    if (i === undefined) {
      fresh.push(e);
      if (typeof last === 'number') layout[layout.length - 1] = last + 1;
      else layout.push(1);
    } else if (Array.isArray(last) && last[1] === i) last[1]++;
    else layout.push([i, i + 1]);
  }
  if (fresh.length * ADDITIONS_SHARE > base.evidence.length) return undefined;
  const encoder = new EvidenceEncoder();
  const items = encoder.encode(fresh);
  const quarters = stored.result.quarters.map(q => {
    const i = base.quarters.indexOf(q);
    return i >= 0 ? i : encodeQuarter(encoder, q);
  });
  const result = { ...stored.result, evidence: { layout, items }, quarters };
  return { base: base.id, key: stored.key, head: stored.head, table: encoder.finish(), result: result as unknown as AdditionsFile['result'] };
}

function decodeQuarter(quarter: Record<string, unknown> & { evidence: unknown[][] }, table: EvidenceTable) {
  return { ...quarter, evidence: decodeEvidence(quarter.evidence, table) };
}

function fromFile<Result extends WithEvidence>(file: ResultFile): StoredResult<Result> {
  const { table } = file;
  const evidence = decodeEvidence(file.result.evidence, table);
  const quarters = file.result.quarters.map(q => decodeQuarter(q, table));
  return {
    key: file.key,
    head: file.head,
    result: { ...file.result, evidence, quarters } as unknown as Result,
    base: { id: file.id, evidence, quarters },
  };
}

/** The result the additions make of the file's, or undefined when they do not fit it (torn, hand-edited, or another file's). */
function withAdditions<Result extends WithEvidence>(stored: StoredResult<Result>, additions: AdditionsFile): StoredResult<Result> | undefined {
  const base = stored.base!;
  const { layout, items } = additions.result.evidence;
  if (additions.base !== base.id || additions.key !== stored.key || !Array.isArray(layout) || !Array.isArray(items)) return undefined;
  const fresh = decodeEvidence(items, additions.table);
  const evidence: EvidenceItem[] = [];
  let next = 0;
  for (const piece of layout) {
    if (typeof piece === 'number' && piece > 0 && next + piece <= fresh.length) for (let k = 0; k < piece; k++) evidence.push(fresh[next++]!);
    else if (Array.isArray(piece) && piece[0]! >= 0 && piece[0]! < piece[1]! && piece[1]! <= base.evidence.length) {
      for (let i = piece[0]!; i < piece[1]!; i++) evidence.push(base.evidence[i]!);
    } else return undefined;
  }
  if (next !== fresh.length) return undefined;
  const quarters = additions.result.quarters.map(q => (typeof q === 'number' ? base.quarters[q] : decodeQuarter(q, additions.table)));
  if (quarters.some(q => q === undefined)) return undefined;
  return { key: additions.key, head: additions.head, result: { ...additions.result, evidence, quarters } as unknown as Result, base };
}

/** A file's JSON, or undefined when it is missing or does not parse. */
async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The parts every stored file has, checked before decoding (a torn or hand-edited file is simply not used). */
function isStoredFile(value: unknown): value is Record<string, unknown> & { key: string; head: string; table: EvidenceTable; result: Record<string, unknown> } {
  return (
    isObject(value) &&
    typeof value.key === 'string' &&
    typeof value.head === 'string' &&
    isObject(value.table) &&
    Array.isArray(value.table.strings) &&
    Array.isArray(value.table.shapes) &&
    isObject(value.result) &&
    Array.isArray(value.result.quarters)
  );
}

const isResultFile = (value: unknown): value is ResultFile => isStoredFile(value) && typeof value.id === 'string' && Array.isArray(value.result.evidence);

const isAdditionsFile = (value: unknown): value is AdditionsFile => isStoredFile(value) && typeof value.base === 'string' && isObject(value.result.evidence);

/** The result a file and its additions hold; the file's alone when the additions are missing or do not fit it. */
async function readStored<Result extends WithEvidence>(file: string): Promise<StoredResult<Result> | undefined> {
  const [whole, additions] = await Promise.all([readJson(file), readJson(additionsFileFor(file))]);
  if (!isResultFile(whole)) return undefined; // missing, torn or hand-edited: recomputed
  try {
    const read = fromFile<Result>(whole);
    return (isAdditionsFile(additions) && withAdditions(read, additions)) || read;
  } catch {
    return undefined;
  }
}

/** Temp file and rename, not synced: a torn file fails to parse and is simply recomputed. True when the file was written. */
async function writeReplacing(file: string, content: string): Promise<boolean> {
  const temp = tempPathFor(file);
  removeOtherVersions(file);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
    return true;
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined); // a result that cannot be stored costs speed only
    return false;
  }
}

/**
 * A result that extends its file by a few items is written as the additions; any other is written whole, under a new
 * id, and the additions of the file it replaces are removed (they name the old id, so they would not be used anyway).
 */
async function writeStored<Result extends WithEvidence>(file: string, stored: StoredResult<Result>): Promise<void> {
  const additions = stored.base && toAdditions(stored, stored.base);
  if (additions) {
    await writeReplacing(additionsFileFor(file), JSON.stringify(additions));
    return;
  }
  const id = randomUUID();
  if (await writeReplacing(file, JSON.stringify(toFile(stored, id)))) {
    stored.base = { id, evidence: stored.result.evidence, quarters: stored.result.quarters };
    await fs.rm(additionsFileFor(file), { force: true }).catch(() => undefined);
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
