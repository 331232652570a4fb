import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, promises as fs, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { CommitRecord, Person } from '../model';
import { GitError, runGit, type GitOptions } from './exec';
import { readHistory, type ReadHistoryOptions } from './historyReader';
import { mailmapSettings, type RepositoryFacts } from './repository';
import { tempPathFor } from '../atomicWrite';
import { COLUMN_NAMES, COLUMN_TYPES, History, HistoryBuilder, decodeCommit, encodeCommit, type Columns, type EncodedCommit, type RecordSink, type Tables } from './history';

/**
 * A cache of the parsed history per repository, outside the workspace, so a refresh reads only what is new.
 * Bump CACHE_VERSION whenever the file layout, CommitRecord or the parse changes: an older file is then rebuilt,
 * never misread.
 *
 * Layout: the commits as JSON records (in the order they were added, which is not index order after an incremental
 * update), then the columns as raw little-endian typed arrays, then a JSON footer with the tables and where each part
 * starts, then a fixed tail: footer length, CRC-32 of everything before the tail, and a magic string. Loading reads
 * the file once and takes the columns as views on it; a record is parsed only when a detector asks for that commit.
 */
export const CACHE_VERSION = 2;
const MAGIC = 'GLHIST2\n';
const TAIL = 16;

interface Footer {
  version: number;
  root: string;
  head: string;
  shallow: boolean;
  /** What .mailmap looked like: authors are stored already mapped, so a changed mailmap means a rebuild. */
  mailmap: string;
  count: number;
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

type Header = Pick<Footer, 'version' | 'root' | 'head' | 'shallow' | 'mailmap'>;

export interface HistoryLoad {
  history: History;
  /** How the history was obtained. */
  source: 'cache' | 'incremental' | 'full';
  /** Commits read from git this time: indices 0 .. read - 1 of the history. */
  read: number;
}

/** A parsed history a long-lived process keeps between analyses (the extension's scan worker), by repository root. */
export interface RememberedHistory {
  head: string;
  mailmap: string;
  shallow: boolean;
  history: History;
}
export type HistoryMemory = Map<string, RememberedHistory>;

export function cacheFileFor(cacheDir: string, root: string): string {
  return path.join(cacheDir, `history-v${CACHE_VERSION}-${createHash('sha256').update(root).digest('hex').slice(0, 24)}.bin`);
}

/** What .mailmap and the `mailmap.*` settings say, as a hash: authors are stored mapped, so a change means a rebuild. */
export async function mailmapFingerprint(facts: Pick<RepositoryFacts, 'root' | 'mailmapConfig'>, options: GitOptions): Promise<string> {
  const file = await fs.readFile(path.join(facts.root, '.mailmap'), 'utf8').catch(() => '');
  const config = facts.mailmapConfig ?? mailmapSettings(await runGit(facts.root, ['config', '-z', '--get-regexp', '^mailmap\\.'], options).catch(() => ''));
  return createHash('sha256').update(file).update('\0').update(config.join('\0')).digest('hex');
}

const pairs = (flat: string[]): Person[] => Array.from({ length: flat.length / 2 }, (_, i) => ({ name: flat[2 * i]!, email: flat[2 * i + 1]! }));

/**
 * Keeps each new commit encoded (a string is far smaller than the object graph of a CommitRecord) and, with a cache
 * file to write, appends it to the file while git is still streaming, so the write costs no extra time at the end.
 */
class EncodingSink implements RecordSink {
  readonly encoded: string[] = [];
  /** With a writer the strings are not kept: the records are read back from the finished file (see CacheWriter.commit). */
  constructor(private readonly writer?: CacheWriter) {}

  add(c: CommitRecord, tables: Tables): void {
    const json = JSON.stringify(encodeCommit(c, tables));
    if (this.writer) this.writer.record(json);
    else this.encoded.push(json);
  }

  load(people: readonly Person[], paths: readonly string[]) {
    return (i: number) => decodeCommit(JSON.parse(this.encoded[i]!) as EncodedCommit, people, paths);
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
  failed = false;
  /** CRC-32 of everything written so far. */
  private crc = 0;
  /** Where each new record went: [offset, length] in bytes, in the order added. */
  readonly places: number[] = [];

  constructor(
    private readonly file: string,
    /** The records of an older cache file, kept as they are at the start of the new one. */
    prefix?: Buffer,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temp = tempPathFor(file);
    this.fd = openSync(this.temp, 'wx+', 0o600);
    this.prefixLength = prefix?.length ?? 0;
    if (prefix) {
      // Written as it is (no copy into a batch); it still counts towards the offsets and the checksum.
      this.crc = crc32(prefix);
      writeSync(this.fd, prefix);
      this.offset = prefix.length;
    }
  }

  record(json: string): void {
    const bytes = Buffer.from(json, 'utf8');
    this.places.push(this.offset, bytes.length);
    this.push(bytes);
  }

  /**
   * Writes the columns and the footer and puts the file in place. Returns the new records as written (read back
   * from this very file, whatever replaces it later), or undefined if the file could not be written.
   */
  commit(header: Header, history: History, recordStart: Float64Array, recordLength: Uint32Array): Buffer | undefined {
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
      ...header,
      count: history.count,
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
      return undefined;
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
      return records;
    } catch {
      this.discard();
      return undefined;
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

interface OpenedCache {
  footer: Footer;
  buffer: Buffer;
  history: History;
  recordStart: Float64Array;
  recordLength: Uint32Array;
}

/** A typed view of a section; copied when the file's buffer is not aligned for the type. */
function view<T extends ArrayBufferView>(Type: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, buffer: Buffer, [offset, count]: [number, number]): T {
  const bytes = count * Type.BYTES_PER_ELEMENT;
  if (offset < 0 || offset + bytes > buffer.length) throw new Error('section out of bounds');
  const at = buffer.byteOffset + offset;
  if (at % Type.BYTES_PER_ELEMENT === 0) return new Type(buffer.buffer, at, count);
  const copy = new Type(count);
  new Uint8Array(copy.buffer).set(buffer.subarray(offset, offset + bytes));
  return copy;
}

async function openCache(file: string, expected: Omit<Header, 'head'>): Promise<OpenedCache | undefined> {
  try {
    const buffer = await fs.readFile(file);
    if (buffer.length < TAIL || buffer.toString('latin1', buffer.length - 8) !== MAGIC) return undefined;
    const footerLength = buffer.readUInt32LE(buffer.length - TAIL);
    const body = buffer.subarray(0, buffer.length - TAIL);
    if (footerLength > body.length || crc32(body) !== buffer.readUInt32LE(buffer.length - TAIL + 4)) return undefined;
    const footer = JSON.parse(body.toString('utf8', body.length - footerLength)) as Footer;
    const valid =
      footer.version === CACHE_VERSION && footer.root === expected.root && footer.shallow === expected.shallow && footer.mailmap === expected.mailmap && typeof footer.head === 'string';
    if (!valid) return undefined;
    const columns = Object.fromEntries(COLUMN_NAMES.map(name => [name, view(COLUMN_TYPES[name] as never, buffer, footer.sections[name]!)])) as unknown as Columns;
    const recordStart = view(Float64Array, buffer, footer.sections.recordStart!);
    const recordLength = view(Uint32Array, buffer, footer.sections.recordLength!);
    const [shaOffset, shaBytes] = footer.sections.shas!;
    const people = pairs(footer.people);
    const history = new History(footer.count, buffer.toString('latin1', shaOffset, shaOffset + shaBytes), footer.shaLength, columns, people, footer.paths, footer.areas, i =>
      decodeCommit(JSON.parse(buffer.toString('utf8', recordStart[i]!, recordStart[i]! + recordLength[i]!)) as EncodedCommit, people, footer.paths),
    );
    return { footer, buffer, history, recordStart, recordLength };
  } catch {
    return undefined; // missing, torn or not ours: rebuilt by the caller
  }
}

/** New commits read on top of a cached history before the file is rewritten to include them. */
export const REWRITE_AFTER = 500;

function openWriter(file: string, prefix?: Buffer): CacheWriter | undefined {
  try {
    return new CacheWriter(file, prefix);
  } catch {
    return undefined; // a cache that cannot be written costs speed, not correctness
  }
}

/**
 * Finishes a cache file: where each record is (the new ones, then the older file's), the columns, the footer.
 * Returns the new records as written, or undefined when the file could not be written.
 */
function writeColumns(writer: CacheWriter, header: Header, history: History, fresh: number, older?: OpenedCache): Buffer | undefined {
  const recordStart = new Float64Array(history.count);
  const recordLength = new Uint32Array(history.count);
  for (let i = 0; i < fresh; i++) {
    recordStart[i] = writer.places[2 * i]!;
    recordLength[i] = writer.places[2 * i + 1]!;
  }
  if (older) {
    recordStart.set(older.recordStart, fresh);
    recordLength.set(older.recordLength, fresh);
  }
  return writer.commit(header, history, recordStart, recordLength);
}

async function isAncestor(root: string, older: string, options: GitOptions): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(older)) return false;
  return runGit(root, ['merge-base', '--is-ancestor', older, 'HEAD'], options).then(
    () => true,
    error => {
      if (error instanceof GitError && error.code === 'cancelled') throw error;
      return false; // not an ancestor (rewritten history), or the old commit is gone
    },
  );
}

/**
 * The whole history of HEAD, newest first: from the cache when HEAD has not moved, from the cache plus the new
 * commits when it moved forward, and from git in full otherwise (first run, rewritten history, a shallow clone made
 * whole, a changed .mailmap, or an unreadable cache). The cache is put in place only after a complete read, so a
 * cancelled scan or a concurrent writer never leaves a broken file behind.
 */
export async function loadHistory(
  facts: RepositoryFacts,
  options: ReadHistoryOptions & {
    cacheDir?: string;
    onCommit?: (count: number) => void;
    /** From mailmapFingerprint, when already known. */
    mailmap?: string;
    /** Histories kept in memory from earlier analyses in this process: consulted first, and updated. */
    memory?: HistoryMemory;
  },
): Promise<HistoryLoad> {
  const loaded = await load(facts, options);
  options.memory?.set(facts.root, { head: facts.head, mailmap: options.mailmap ?? '', shallow: facts.shallow, history: loaded.history });
  return loaded;
}

async function load(facts: RepositoryFacts, options: Parameters<typeof loadHistory>[1]): Promise<HistoryLoad> {
  const read = async (builder: HistoryBuilder, revisions?: string[]) => {
    await readHistory(
      facts.root,
      c => {
        builder.add(c);
        options.onCommit?.(builder.count);
      },
      { ...options, ...(revisions ? { revisions } : {}) },
    );
    if (options.signal?.aborted) throw new GitError('cancelled', 'cancelled');
  };
  const file = options.cacheDir ? cacheFileFor(options.cacheDir, facts.root) : undefined;
  const header: Header = { version: CACHE_VERSION, root: facts.root, head: facts.head, shallow: facts.shallow, mailmap: '' };
  const remembered = options.memory?.get(facts.root);
  if (remembered && options.mailmap !== undefined && remembered.mailmap === options.mailmap && remembered.shallow === facts.shallow) {
    if (remembered.head === facts.head) return { history: remembered.history, source: 'cache', read: 0 };
    if (await isAncestor(facts.root, remembered.head, options)) {
      // A few new commits on top of what is in memory: no file to read. Many: the file path below also rewrites it.
      const sink = new EncodingSink();
      const builder = new HistoryBuilder(sink, remembered.history);
      await read(builder, ['HEAD', `^${remembered.head}`]);
      if (builder.count < REWRITE_AFTER) {
        return { history: builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values), remembered.history), source: 'incremental', read: builder.count };
      }
    }
  }
  let older: OpenedCache | undefined;
  if (file) {
    header.mailmap = options.mailmap ?? (await mailmapFingerprint(facts, options));
    const cached = await openCache(file, header);
    if (cached && cached.footer.head === facts.head) return { history: cached.history, source: 'cache', read: 0 };
    if (cached && (await isAncestor(facts.root, cached.footer.head, options))) older = cached;
  }

  if (older) {
    // New commits on top of the cache: read just those. The file is rewritten only once enough have gathered, since
    // rewriting costs far more than reading a few hundred commits from git again.
    const sink = new EncodingSink();
    const builder = new HistoryBuilder(sink, older.history);
    await read(builder, ['HEAD', `^${older.footer.head}`]);
    const history = builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values), older.history);
    if (file && builder.count >= REWRITE_AFTER) {
      const writer = openWriter(file, older.buffer.subarray(0, older.footer.recordBytes));
      if (writer) {
        sink.encoded.forEach(json => writer.record(json));
        writeColumns(writer, header, history, builder.count, older);
      }
    }
    return { history, source: 'incremental', read: builder.count };
  }

  // The first read streams into the cache file as git prints; the records are then read back from it, so the
  // history is never held twice. Should the file fail (a full disk), the history is read again and kept in memory.
  const writer = file ? openWriter(file) : undefined;
  if (writer) {
    try {
      const builder = new HistoryBuilder(new EncodingSink(writer));
      await read(builder);
      const { people, paths } = builder.tables;
      const at = writer.places;
      let records: Buffer | undefined;
      const history = builder.finish(i => decodeCommit(JSON.parse(records!.toString('utf8', at[2 * i]!, at[2 * i]! + at[2 * i + 1]!)) as EncodedCommit, people.values, paths.values));
      if (writer.failed) writer.discard();
      else records = writeColumns(writer, header, history, builder.count);
      if (records) return { history, source: 'full', read: builder.count };
    } catch (error) {
      writer.discard();
      throw error;
    }
  }
  const sink = new EncodingSink();
  const builder = new HistoryBuilder(sink);
  await read(builder);
  return { history: builder.finish(sink.load(builder.tables.people.values, builder.tables.paths.values)), source: 'full', read: builder.count };
}
