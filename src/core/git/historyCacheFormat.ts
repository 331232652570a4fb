import { closeSync, mkdirSync, openSync, promises as fs, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { CommitRecord, FileChange, Person, Trailer, TrailerKey } from '../model';
import { removeAbandonedTemps, tempPathFor } from '../atomicWrite';
import { COLUMN_NAMES, COLUMN_TYPES, History, type Columns, type CommitIds, type RecordSink } from './history';

/**
 * The file a parsed history is cached in: how a history is written to it and read back. When to read, extend or
 * rebuild one is historyCache.ts's business. Bump CACHE_VERSION whenever the file layout, CommitRecord or the parse
 * changes: an older file is then rebuilt, never misread.
 *
 * Layout: the commits as JSON records (in the order they were added, which is not index order after an incremental
 * update), then the columns as raw little-endian typed arrays, then a JSON footer with the tables and where each part
 * starts, then a fixed tail: footer length, CRC-32 of everything before the tail, and a magic string. Loading reads
 * the file once and takes the columns as views on it; a record is parsed only when a detector asks for that commit.
 */
export const CACHE_VERSION = 4;
const MAGIC = 'GLHIST2\n';
const TAIL = 16;

interface Footer {
  version: number;
  root: string;
  head: string;
  shallow: boolean;
  /** What .mailmap looked like: authors are stored already mapped, so a changed mailmap means a rebuild. */
  mailmap: string;
  /** The rules that left files out of the line counts (see generatedFiles.ts): other rules mean a rebuild. */
  generated: string;
  count: number;
  /** Commits (from the newest) read with line counts: History.linesKnown. */
  linesKnown: number;
  shaLength: number;
  /** name, email, name, email, … */
  people: string[];
  paths: string[];
  areas: string[];
  /** Bytes of JSON records at the start of the file. */
  recordBytes: number;
  /** [byte offset, element count] of each column, of the SHAs and of each record's place in the file. */
  sections: Record<string, [number, number]>;
}

/** What a cache file was made from; a file made from anything else (bar an older HEAD) is not used. */
export type CacheHeader = Pick<Footer, 'root' | 'head' | 'shallow' | 'mailmap' | 'generated'>;

/** One commit as stored in the cache: a JSON array of numbers and strings, people and paths by id. */
type EncodedCommit = [string, string, number, number, string, string, string, string, (string | number)[], number[]];

function encodeCommit(c: CommitRecord, ids: CommitIds): EncodedCommit {
  return [
    c.sha,
    c.parents.join(' '),
    ids.author,
    ids.committer,
    c.authorDate,
    c.committerDate,
    c.subject,
    c.body,
    c.trailers.flatMap((t, k) => [t.key, t.value, ids.trailers[k]!]),
    c.files.flatMap((f, k) => [ids.paths[k]!, f.added ?? -1, f.deleted ?? -1, ids.oldPaths[k]!]),
  ];
}

function decodeCommit(
  [sha, parents, author, committer, authorDate, committerDate, subject, body, t, f]: EncodedCommit,
  people: readonly Person[],
  paths: readonly string[],
): CommitRecord {
  const trailers: Trailer[] = [];
  for (let i = 0; i < t.length; i += 3) {
    const p = t[i + 2] as number;
    const trailer: Trailer = { key: t[i] as TrailerKey, value: t[i + 1] as string };
    if (p >= 0) trailer.person = { ...people[p]! };
    trailers.push(trailer);
  }
  const files: FileChange[] = [];
  for (let i = 0; i < f.length; i += 4) {
    const change: FileChange = { path: paths[f[i]!]!, added: f[i + 1]! < 0 ? null : f[i + 1]!, deleted: f[i + 2]! < 0 ? null : f[i + 2]! };
    if (f[i + 3]! >= 0) change.oldPath = paths[f[i + 3]!]!;
    files.push(change);
  }
  return {
    sha,
    parents: parents ? parents.split(' ') : [],
    author: { ...people[author]! },
    committer: { ...people[committer]! },
    authorDate,
    committerDate,
    subject,
    body,
    trailers,
    files,
  };
}

const pairs = (flat: string[]): Person[] => Array.from({ length: flat.length / 2 }, (_, i) => ({ name: flat[2 * i]!, email: flat[2 * i + 1]! }));

/**
 * Keeps each new commit encoded (a string is far smaller than the object graph of a CommitRecord) and, with a cache
 * file to write, appends it to the file while git is still streaming, so the write costs no extra time at the end.
 */
export class EncodingSink implements RecordSink {
  readonly encoded: string[] = [];
  /**
   * With a writer the strings are not kept: each goes to the file as it comes, and this is the writer's number for
   * each of this sink's records, in the order added (the records are read back from the finished file).
   */
  readonly written: number[] = [];
  constructor(private readonly writer?: CacheWriter) {}

  add(c: CommitRecord, ids: CommitIds): void {
    const json = JSON.stringify(encodeCommit(c, ids));
    if (this.writer) this.written.push(this.writer.record(json));
    else this.encoded.push(json);
  }

  /**
   * A sink for a later slice of the same history, read at the same time (see HistoryBuilder.slice): it writes to the
   * same file as it goes, since the file keeps where each record is, whatever the order they arrive in.
   */
  slice(): EncodingSink {
    return new EncodingSink(this.writer);
  }

  /** Puts a slice's commits behind this sink's, in order. */
  append(later: EncodingSink): void {
    for (const n of later.written) this.written.push(n);
    for (const json of later.encoded) this.encoded.push(json);
  }

  /** Ends the cache file with this sink's commits as the newest of `history` (see CacheWriter.finish). */
  finishFile(header: CacheHeader, history: History): boolean {
    return !!this.writer?.finish(header, history, this.written);
  }

  /** The i-th commit added, decoded (people and paths by the ids the builder's tables gave them). */
  loader(people: readonly Person[], paths: readonly string[]): (i: number) => CommitRecord {
    const writer = this.writer;
    const json = writer ? (i: number) => writer.read(this.written[i]!) : (i: number) => this.encoded[i]!;
    return i => decodeCommit(JSON.parse(json(i)) as EncodedCommit, people, paths);
  }
}

/**
 * Writes the cache to a temporary file beside the real one and renames it into place when complete, so readers see
 * the old file or the new one, never a part. It is not fsynced: a cache is a copy, and a file torn by a crash fails
 * its checksum and is rebuilt.
 */
class CacheWriter {
  private readonly temp: string;
  private readonly fd: number;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private offset = 0;
  private readonly prefixLength: number;
  /** Set when a write failed (a full disk): the file is then abandoned. */
  private failed = false;
  /** CRC-32 of everything written so far. */
  private crc = 0;
  /** Where each new record went: [offset, length] in bytes, in the order added. */
  private readonly places: number[] = [];
  /** The new records as written, read back from the finished file. */
  private records: Buffer | undefined;

  constructor(
    private readonly file: string,
    /** An older cache file whose records are kept as they are at the start of the new one. */
    private readonly older?: OpenedCache,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temp = tempPathFor(file);
    this.fd = openSync(this.temp, 'wx+', 0o600);
    const prefix = older?.buffer.subarray(0, older.footer.recordBytes);
    this.prefixLength = prefix?.length ?? 0;
    if (prefix) {
      // Written as it is (no copy into a batch); it still counts towards the offsets and the checksum.
      this.crc = crc32(prefix);
      writeSync(this.fd, prefix);
      this.offset = prefix.length;
    }
  }

  /** Writes a record; returns its number, by which `finish` and `read` know it. */
  record(json: string): number {
    const bytes = Buffer.from(json, 'utf8');
    this.places.push(this.offset, bytes.length);
    this.push(bytes);
    return this.places.length / 2 - 1;
  }

  /** Record number n as written; only once the file is finished. */
  read(n: number): string {
    const start = this.places[2 * n]! - this.prefixLength;
    return this.records!.toString('utf8', start, start + this.places[2 * n + 1]!);
  }

  /**
   * Writes where each record is (the new ones, then the older file's), the columns and the footer, and puts the file
   * in place. `order` gives the record number of each of the newest commits of `history`, index by index (the
   * records of slices read at once arrive mixed). The new records are then read back from this very file (whatever
   * replaces it later), so `read` serves them. False when the file could not be written: it is then gone.
   */
  finish(header: CacheHeader, history: History, order: readonly number[]): boolean {
    if (this.failed || order.length !== this.places.length / 2) {
      this.discard();
      return false;
    }
    const fresh = order.length;
    const recordStart = new Float64Array(history.count);
    const recordLength = new Uint32Array(history.count);
    for (let i = 0; i < fresh; i++) {
      recordStart[i] = this.places[2 * order[i]!]!;
      recordLength[i] = this.places[2 * order[i]! + 1]!;
    }
    if (this.older) {
      recordStart.set(this.older.recordStart, fresh);
      recordLength.set(this.older.recordLength, fresh);
    }
    const recordBytes = this.offset;
    const sections: Footer['sections'] = {};
    const section = (name: string, view: ArrayBufferView & { length: number }) => {
      this.push(Buffer.alloc((8 - (this.offset % 8)) % 8));
      sections[name] = [this.offset, view.length];
      this.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
    };
    for (const name of COLUMN_NAMES) section(name, history.columns[name]);
    section('recordStart', recordStart);
    section('recordLength', recordLength);
    section('shas', Buffer.from(history.shas, 'latin1'));
    const footer: Footer = {
      version: CACHE_VERSION,
      ...header,
      count: history.count,
      linesKnown: history.linesKnown,
      shaLength: history.shaLength,
      people: history.people.flatMap(p => [p.name, p.email]),
      paths: [...history.paths],
      areas: [...history.areas],
      recordBytes,
      sections,
    };
    const footerBytes = Buffer.from(JSON.stringify(footer), 'utf8');
    this.push(footerBytes);
    this.flush();
    if (this.failed) {
      this.discard();
      return false;
    }
    const tail = Buffer.alloc(TAIL);
    tail.writeUInt32LE(footerBytes.length, 0);
    tail.writeUInt32LE(this.crc, 4);
    tail.write(MAGIC, 8, 'latin1');
    try {
      writeSync(this.fd, tail);
      const records = Buffer.allocUnsafe(recordBytes - this.prefixLength);
      if (readSync(this.fd, records, 0, records.length, this.prefixLength) !== records.length) throw new Error('short read');
      closeSync(this.fd);
      renameSync(this.temp, this.file);
      this.records = records;
      return true;
    } catch {
      this.discard();
      return false;
    }
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temp, { force: true });
  }

  private push(bytes: Buffer): void {
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    this.offset += bytes.length;
    if (this.batchBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.batch.length && !this.failed) {
      const chunk = Buffer.concat(this.batch);
      this.crc = crc32(chunk, this.crc);
      try {
        writeSync(this.fd, chunk);
      } catch {
        this.failed = true; // a full disk costs the cache, not the analysis
      }
    }
    this.batch = [];
    this.batchBytes = 0;
  }
}

/** A cache file as read: the history it holds, and what extending it needs. */
export interface OpenedCache {
  file: string;
  /** The HEAD the history was read at. */
  head: string;
  history: History;
  footer: Footer;
  buffer: Buffer;
  recordStart: Float64Array;
  recordLength: Uint32Array;
}

/** A typed view of a section; copied when the file's buffer is not aligned for the type. */
function view<T extends ArrayBufferView>(
  Type: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  buffer: Buffer,
  [offset, count]: [number, number],
): T {
  const bytes = count * Type.BYTES_PER_ELEMENT;
  if (offset < 0 || offset + bytes > buffer.length) throw new Error('section out of bounds');
  const at = buffer.byteOffset + offset;
  if (at % Type.BYTES_PER_ELEMENT === 0) return new Type(buffer.buffer, at, count);
  const copy = new Type(count);
  new Uint8Array(copy.buffer).set(buffer.subarray(offset, offset + bytes));
  return copy;
}

/**
 * A file's bytes in one read where the system allows (fs.readFile reads in small pieces, each waiting its turn on
 * the event loop, which a stored result being decoded meanwhile keeps busy).
 */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size);
    for (let at = 0; at < size;) {
      const { bytesRead } = await handle.read(buffer, at, size - at, at);
      if (bytesRead === 0) return buffer.subarray(0, at); // shorter than it was: the checks below reject it
      at += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

/** The cache file's history, or undefined when the file is missing, torn, from another version or made from anything else. */
export async function openCache(file: string, expected: Omit<CacheHeader, 'head'>): Promise<OpenedCache | undefined> {
  try {
    const buffer = await readWhole(file);
    if (buffer.length < TAIL || buffer.toString('latin1', buffer.length - 8) !== MAGIC) return undefined;
    const footerLength = buffer.readUInt32LE(buffer.length - TAIL);
    const body = buffer.subarray(0, buffer.length - TAIL);
    if (footerLength > body.length || crc32(body) !== buffer.readUInt32LE(buffer.length - TAIL + 4)) return undefined;
    const footer = JSON.parse(body.toString('utf8', body.length - footerLength)) as Footer;
    const valid =
      footer.version === CACHE_VERSION &&
      footer.root === expected.root &&
      footer.shallow === expected.shallow &&
      footer.mailmap === expected.mailmap &&
      footer.generated === expected.generated &&
      typeof footer.head === 'string' &&
      Number.isInteger(footer.linesKnown) &&
      footer.linesKnown >= 0 &&
      footer.linesKnown <= footer.count;
    if (!valid) return undefined;
    const columns = Object.fromEntries(
      COLUMN_NAMES.map(name => [name, view(COLUMN_TYPES[name] as never, buffer, footer.sections[name]!)]),
    ) as unknown as Columns;
    const recordStart = view(Float64Array, buffer, footer.sections.recordStart!);
    const recordLength = view(Uint32Array, buffer, footer.sections.recordLength!);
    const [shaOffset, shaBytes] = footer.sections.shas!;
    const people = pairs(footer.people);
    const history = new History(
      footer.count,
      buffer.toString('latin1', shaOffset, shaOffset + shaBytes),
      footer.shaLength,
      columns,
      people,
      footer.paths,
      footer.areas,
      i => decodeCommit(JSON.parse(buffer.toString('utf8', recordStart[i]!, recordStart[i]! + recordLength[i]!)) as EncodedCommit, people, footer.paths),
      footer.linesKnown,
    );
    return { file, head: footer.head, history, footer, buffer, recordStart, recordLength };
  } catch {
    return undefined; // missing, torn or not ours: rebuilt by the caller
  }
}

/**
 * Starts a new cache file beside `file` (put in its place by CacheWriter.finish); with `older`, its records come first,
 * as they are. Undefined when it cannot be created: a cache that cannot be written costs speed, not correctness.
 */
export function startCacheFile(file: string, older?: OpenedCache): CacheWriter | undefined {
  try {
    // What a process killed while writing this file left beside it (a cold read of a long history is 40 MB).
    removeAbandonedTemps(file);
    return new CacheWriter(file, older);
  } catch {
    return undefined;
  }
}

/** Rewrites a cache file with the commits a sink encoded in front of the ones it held (`history` is all of them). */
export function extendCacheFile(older: OpenedCache, header: CacheHeader, history: History, added: EncodingSink): void {
  const writer = startCacheFile(older.file, older);
  if (!writer) return;
  writer.finish(
    header,
    history,
    added.encoded.map(json => writer.record(json)),
  );
}
