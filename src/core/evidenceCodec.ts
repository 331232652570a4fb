import type { EvidenceItem } from './model';

/**
 * A compact, lossless form of evidence lists for the stored results: a long history's result holds tens of
 * thousands of items that repeat the same repository path, signals, people and paths, and parsing and writing those
 * as JSON objects was most of what a refresh from the command line cost. Here each item is an array of values in
 * the order of its own keys (kept per shape, so an item decodes with exactly the keys, in exactly the order, it had),
 * with repeated strings stored once and named by number, and a web link stored as its prefix when it ends with the
 * item's commit.
 */
export interface EvidenceTable {
  strings: string[];
  /** The key lists items were made with, each once. */
  shapes: string[][];
}

type EncodedItem = unknown[];

/** Keys whose string values (or arrays of strings) repeat across items and are stored once in the table. */
const SHARED = new Set(['kind', 'signal', 'repo', 'date', 'people', 'paths']);

/** A link is stored by its prefix only when the commit it ends with is decoded before it. */
const linkAfterCommit = (keys: string[]) => keys.indexOf('commit') >= 0 && keys.indexOf('commit') < keys.indexOf('link');

export class EvidenceEncoder {
  private readonly strings = new Map<string, number>();
  private readonly shapes = new Map<string, number>();
  private readonly table: EvidenceTable = { strings: [], shapes: [] };

  private id(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.table.strings.length;
      this.table.strings.push(s);
      this.strings.set(s, i);
    }
    return i;
  }

  encode(items: readonly EvidenceItem[]): EncodedItem[] {
    return items.map(item => {
      const keys = Object.keys(item);
      const shapeKey = keys.join(',');
      let shape = this.shapes.get(shapeKey);
      if (shape === undefined) {
        shape = this.table.shapes.length;
        this.table.shapes.push(keys);
        this.shapes.set(shapeKey, shape);
      }
      const out: unknown[] = [shape];
      for (const key of keys) {
        const value = (item as unknown as Record<string, unknown>)[key];
        if (SHARED.has(key) && typeof value === 'string') out.push(this.id(value));
        else if (SHARED.has(key) && Array.isArray(value) && value.every(v => typeof v === 'string')) out.push(value.map(v => this.id(v as string)));
        else if (key === 'link' && linkAfterCommit(keys) && typeof value === 'string' && value.endsWith(item.commit) && value.length > item.commit.length) {
          out.push(-1 - this.id(value.slice(0, value.length - item.commit.length)));
        } else out.push(value);
      }
      return out;
    });
  }

  finish(): EvidenceTable {
    return this.table;
  }
}

/** How each value of a shape is decoded: as it is, a shared string (or list of them), or a link's prefix. */
const enum Decode {
  Plain,
  Shared,
  Link,
}

/** The items `encode` was given, from what it made and the table it finished with. */
export function decodeEvidence(encoded: readonly EncodedItem[], table: EvidenceTable): EvidenceItem[] {
  const { strings, shapes } = table;
  // Worked out once per shape rather than per value: a long history's result holds tens of thousands of items.
  const plans = shapes.map(keys => keys.map(key => (key === 'link' ? Decode.Link : SHARED.has(key) ? Decode.Shared : Decode.Plain)));
  return encoded.map(values => {
    const shape = values[0] as number;
    const keys = shapes[shape]!;
    const plan = plans[shape]!;
    const item: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const value = values[k + 1];
      const how = plan[k]!;
      // A shared key holds a number (or numbers) only when encode stored it so; anything else was kept as it was.
      if (how === Decode.Shared && typeof value === 'number') item[keys[k]!] = strings[value];
      else if (how === Decode.Shared && Array.isArray(value)) item[keys[k]!] = value.map(v => strings[v as number]);
      else if (how === Decode.Link && typeof value === 'number') item[keys[k]!] = strings[-1 - value] + (item.commit as string);
      else item[keys[k]!] = value;
    }
    return item as unknown as EvidenceItem;
  });
}
