import { closeSync, mkdirSync, openSync, promises as fs, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Person } from '../model';
import { tempPathFor } from '../atomicWrite';
import { COLUMN_NAMES, COLUMN_TYPES, History, decodeCommit, type Columns, type EncodedCommit } from './history';

/**
 * The history cache's file: its layout, the writer that streams it to disk and the reader that maps it back.
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


export type Header = Pick<Footer, 'version' | 'root' | 'head' | 'shallow' | 'mailmap'>;

const pairs = (flat: string[]): Person[] => Array.from({ length: flat.length / 2 }, (_, i) => ({ name: flat[2 * i]!, email: flat[2 * i + 1]! }));

/**
 * Writes the cache to a temporary file beside the real one and renames it into place when complete, so readers see
 * the old file or the new one, never a part. It is not fsynced: a cache is a copy, and a file torn by a crash fails
 * its checksum and is rebuilt.
 */
export class CacheWriter {
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

export interface OpenedCache {
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

export async function openCache(file: string, expected: Omit<Header, 'head'>): Promise<OpenedCache | undefined> {
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

export function openWriter(file: string, prefix?: Buffer): CacheWriter | undefined {
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
export function writeColumns(writer: CacheWriter, header: Header, history: History, fresh: number, older?: OpenedCache): Buffer | undefined {
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
