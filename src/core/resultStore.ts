/**
 * Each repository's last analysis result, kept in a long-lived caller's memory and in a file under the cache
 * directory (outside the workspace), so the next analysis can reuse or extend it instead of starting over. A stored
 * result is trusted only when its key, everything the result depends on besides the commits, is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { companionFile, versionedFile, writeCacheFile } from './cacheFiles';
import { CACHE_VERSION } from './git/historyCacheFormat';
import type { RepositoryFacts } from './git/repository';
import type { Period } from './period';
import { EvidenceEncoder, decodeEvidence, isEncodedEvidence, type EncodedEvidence, type EvidenceTable } from './evidenceCodec';
import type { EvidenceItem } from './model';

/** Bump when RepoResult or any detector changes, so a stored result is never reused across versions. */
const RESULT_VERSION = 12;

/** What a stored result holds beyond plain data: its evidence lists, which are kept in the compact form of evidenceCodec.ts. */
export interface WithEvidence {
  evidence: EvidenceItem[];
  quarters: { evidence: EvidenceItem[] }[];
}

type EncodedQuarter = Record<string, unknown> & { evidence: EncodedEvidence };

/**
 * A result file: a whole result, named by an id its additions file refers to. It is written as lines of JSON, so
 * that reading it can pause between lines and let git's answers in (see readResultFile): the first line is this
 * header, then `lines` lines of encoded lists (see evidenceCodec.ts): the evidence in runs of ITEMS_PER_LINE
 * (`result.evidence` lines of them), then each quarter's evidence, one line per quarter.
 */
interface ResultHeader {
  id: string;
  key: string;
  head: string;
  table: EvidenceTable;
  lines: number;
  result: Record<string, unknown> & { evidence: number; quarters: Record<string, unknown>[] };
}

/** Items per line of a result file: a line parses in a few milliseconds. */
const ITEMS_PER_LINE = 2000;

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
    evidence: { layout: (number | [number, number])[]; items: EncodedEvidence };
    quarters: (number | EncodedQuarter)[];
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

function encodeQuarter(encoder: EvidenceEncoder, quarter: { evidence: EvidenceItem[] }): EncodedQuarter {
  return { ...quarter, evidence: encoder.encode(quarter.evidence) };
}

/** The text of a result file (see ResultHeader). JSON never holds a raw line break, so lines split it safely. */
function resultFileText<Result extends WithEvidence>(stored: StoredResult<Result>, id: string): string {
  const encoder = new EvidenceEncoder();
  const { evidence: all } = stored.result;
  const lines: EncodedEvidence[] = [];
  for (let i = 0; i < all.length; i += ITEMS_PER_LINE) lines.push(encoder.encode(all.slice(i, i + ITEMS_PER_LINE)));
  const evidenceLines = lines.length;
  const quarters = stored.result.quarters.map(({ evidence: items, ...rest }) => {
    lines.push(encoder.encode(items));
    return rest;
  });
  const header: ResultHeader = {
    id,
    key: stored.key,
    head: stored.head,
    table: encoder.finish(),
    lines: lines.length,
    result: { ...stored.result, evidence: evidenceLines, quarters } as unknown as ResultHeader['result'],
  };
  return [header, ...lines].map(line => JSON.stringify(line)).join('\n');
}

/**
 * For each item of `evidence`, where the file's items hold that very object, or -1. Both lists are newest first (the
 * result keeps the file's items in their order, drops some and adds others), so they are walked side by side instead
 * of looking every item up: an item of the file dated later than the next item of the result was dropped, and one
 * dated earlier means that item is new. Within a day the file's items are searched. Lists out of that order are
 * still answered truly, only with more items taken for new.
 */
function sharedItems(evidence: readonly EvidenceItem[], file: readonly EvidenceItem[]): Int32Array {
  const at = new Int32Array(evidence.length).fill(-1);
  let next = 0;
  evidence.forEach((e, k) => {
    while (next < file.length && file[next] !== e && file[next]!.date > e.date) next++;
    for (let i = next; i < file.length && file[i]!.date === e.date; i++) {
      if (file[i] === e) {
        at[k] = i;
        next = i + 1;
        return;
      }
    }
  });
  return at;
}

/** What the result adds to the file it extends, or undefined when it drops some of the file's evidence or adds too much. */
function toAdditions<Result extends WithEvidence>(stored: StoredResult<Result>, base: WrittenFile): AdditionsFile | undefined {
  const layout: AdditionsFile['result']['evidence']['layout'] = [];
  const fresh: EvidenceItem[] = [];
  const shared = sharedItems(stored.result.evidence, base.evidence);
  stored.result.evidence.forEach((e, k) => {
    const i = shared[k]!;
    const last = layout[layout.length - 1];
    if (i < 0) {
      fresh.push(e);
      if (typeof last === 'number') layout[layout.length - 1] = last + 1;
      else layout.push(1);
    } else if (Array.isArray(last) && last[1] === i) last[1]++;
    else layout.push([i, i + 1]);
  });
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

/** A quarter stored in full, or undefined when its evidence is not an encoded list. Throws when that list does not fit the table. */
function decodeQuarter(quarter: EncodedQuarter, table: EvidenceTable) {
  return isEncodedEvidence(quarter.evidence) ? { ...quarter, evidence: decodeEvidence(quarter.evidence, table) } : undefined;
}

/** Lets the events that have come in meanwhile (git's answers, above all) be handled before going on. */
const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * The result a result file holds (its header parsed already), or undefined when it is not one (torn, hand-edited, or
 * of another form). It is parsed and decoded a line at a time, handing back to the event loop in between, so that
 * the git processes started alongside are answered (and the next ones started) while it is read.
 */
async function readResultFile<Result extends WithEvidence>(lines: readonly string[], header: ResultHeader): Promise<StoredResult<Result> | undefined> {
  if (header.lines !== lines.length - 1 || header.lines !== header.result.evidence + header.result.quarters.length) return undefined;
  const { table } = header;
  const line = async (n: number) => {
    await nextTurn();
    const items = JSON.parse(lines[n]!) as unknown;
    if (!isEncodedEvidence(items)) throw new Error('not a line of items');
    return decodeEvidence(items, table);
  };
  const evidence: EvidenceItem[] = [];
  for (let n = 1; n <= header.result.evidence; n++) for (const e of await line(n)) evidence.push(e);
  const quarters: { evidence: EvidenceItem[] }[] = [];
  for (const [q, quarter] of header.result.quarters.entries()) quarters.push({ ...quarter, evidence: await line(1 + header.result.evidence + q) });
  return {
    key: header.key,
    head: header.head,
    result: { ...header.result, evidence, quarters } as unknown as Result,
    base: { id: header.id, evidence, quarters },
  };
}

/** The result the additions made on a file make of its result, or undefined when they do not fit it (torn or hand-edited). */
function withAdditions<Result extends WithEvidence>(stored: StoredResult<Result>, additions: AdditionsFile): StoredResult<Result> | undefined {
  try {
    return addedTo(stored, additions);
  } catch {
    return undefined; // a list that does not fit its table
  }
}

function addedTo<Result extends WithEvidence>(stored: StoredResult<Result>, additions: AdditionsFile): StoredResult<Result> | undefined {
  const base = stored.base!;
  const { layout, items } = additions.result.evidence;
  if (!Array.isArray(layout) || !isEncodedEvidence(items)) return undefined;
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

/** A file's text, or undefined when it cannot be read (missing, above all). */
async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}

/** Text's JSON, or undefined when it does not parse. */
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
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
    Array.isArray(value.table.lists) &&
    value.table.lists.every(Array.isArray) &&
    isObject(value.result) &&
    Array.isArray(value.result.quarters)
  );
}

const isResultHeader = (value: unknown): value is ResultHeader =>
  isStoredFile(value) &&
  typeof value.id === 'string' &&
  Number.isInteger(value.lines) &&
  Number.isInteger(value.result.evidence) &&
  (value.result.quarters as unknown[]).every(isObject);

const isAdditionsFile = (value: unknown): value is AdditionsFile => isStoredFile(value) && typeof value.base === 'string' && isObject(value.result.evidence);

/**
 * A stored result as the first lines of its files tell it: the key and head it was made with, and the whole result,
 * which is decoded from then on. Knowing the head early lets a refresh start reading the new commits while the
 * result is decoded.
 */
export interface RecalledResult<Result> {
  key: string;
  head: string;
  /**
   * The result, or undefined when its file turns out not to hold one. Its head is `head`, unless the additions that
   * promised it do not fit their file: then it is the file's own, older result (a refresh extends that instead).
   */
  stored: Promise<StoredResult<Result> | undefined>;
}

/** What a file and its additions hold; the additions are left out when they are missing or made on another file. */
async function openStored<Result extends WithEvidence>(file: string): Promise<RecalledResult<Result> | undefined> {
  const [text, additionsText] = await Promise.all([readText(file), readText(additionsFileFor(file))]);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const header = parseJson(lines[0]);
  if (!isResultHeader(header)) return undefined; // torn or hand-edited: recomputed
  const more = parseJson(additionsText);
  const additions = isAdditionsFile(more) && more.base === header.id && more.key === header.key ? more : undefined;
  const stored = (async () => {
    try {
      const read = await readResultFile<Result>(lines, header);
      return (read && additions && withAdditions(read, additions)) || read;
    } catch {
      return undefined;
    }
  })();
  return { key: header.key, head: additions?.head ?? header.head, stored };
}

/**
 * A result that extends its file by a few items is written as the additions; any other is written whole, under a new
 * id, and the additions of the file it replaces are removed (they name the old id, so they would not be used anyway).
 */
async function writeStored<Result extends WithEvidence>(file: string, stored: StoredResult<Result>): Promise<void> {
  const additions = stored.base && toAdditions(stored, stored.base);
  if (additions) {
    await writeCacheFile(additionsFileFor(file), JSON.stringify(additions));
    return;
  }
  const id = randomUUID();
  if (await writeCacheFile(file, resultFileText(stored, id))) {
    stored.base = { id, evidence: stored.result.evidence, quarters: stored.result.quarters };
    await fs.rm(additionsFileFor(file), { force: true }).catch(() => undefined);
  }
}

/** Result files being read before they are asked for (see readResultAhead), by file. */
const readsAhead = new Map<string, Promise<RecalledResult<WithEvidence> | undefined>>();

/**
 * Starts reading the result stored for `root`, for the next recallResult of it: parsing a long history's result
 * takes longer than git takes to describe the repository, so the two can overlap.
 */
export function readResultAhead(root: string, cacheDir: string): void {
  const file = resultFileFor(cacheDir, root);
  if (!readsAhead.has(file)) readsAhead.set(file, openStored(file));
}

/** The last result stored for the repository at `root`: from memory first, else from its file; undefined when there is none. */
export async function recallResult<Result extends WithEvidence>(
  root: string,
  cacheDir: string | undefined,
  memory: ResultMemory<Result> | undefined,
): Promise<RecalledResult<Result> | undefined> {
  const remembered = memory?.results.get(root);
  if (remembered) return { key: remembered.key, head: remembered.head, stored: Promise.resolve(remembered) };
  if (!cacheDir) return undefined;
  const file = resultFileFor(cacheDir, root);
  const ahead = readsAhead.get(file);
  readsAhead.delete(file);
  return ahead ? (ahead as Promise<RecalledResult<Result> | undefined>) : openStored<Result>(file);
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
