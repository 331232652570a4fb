import type { EvidenceItem } from './model';

/**
 * A compact, lossless form of evidence lists for the stored results: a long history's result holds tens of
 * thousands of items that repeat the same repository path, signals, people and paths, and parsing and writing those
 * as JSON objects was most of what a refresh from the command line cost. A list is kept by column: each key's values
 * in one array, for the items that have the key, in order, and each item's shape (its key list, kept once in the
 * table, so an item decodes with exactly the keys, in exactly the order, it had). Repeated strings, and repeated
 * lists of them (people, paths), are stored once and named by number, and a web link is stored as its prefix when it
 * ends with the item's commit. Parsing a few long arrays costs a fraction of parsing as many small ones, and items
 * of the usual shape are made in one step.
 */
export interface EvidenceTable {
  strings: string[];
  /** The key lists items were made with, each once. */
  shapes: string[][];
  /** Lists of strings (by their numbers) that items hold, each once. */
  lists: number[][];
}

/** A list of items by column (see above). */
export interface EncodedEvidence {
  /** Each item's shape, an index into the table's shapes. */
  shapes: number[];
  /** By key: the values of the items whose shape has it, in order. */
  columns: Record<string, unknown[]>;
}

/** Keys whose string values repeat across items and are stored once in the table; and those whose lists of strings do. */
const SHARED = new Set(['kind', 'signal', 'repo', 'date']);
const SHARED_LIST = new Set(['people', 'paths']);

/** A link is stored by its prefix only when the commit it ends with is decoded before it. */
const linkAfterCommit = (keys: string[]) => keys.indexOf('commit') >= 0 && keys.indexOf('commit') < keys.indexOf('link');

/** The keys every detector's item starts with, in the order it sets them (see item() in evidence/context.ts). */
const USUAL = ['kind', 'signal', 'repo', 'commit', 'date', 'summary', 'people', 'paths', 'weight', 'subject'] as const;

type UsualIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type PerUsualKey<T> = Record<UsualIndex, T> & T[];

/** The number of `value` in `table`, added to it the first time (`index` finds it by `key`). */
function intern<T>(index: Map<string, number>, table: T[], key: string, value: T): number {
  let i = index.get(key);
  if (i === undefined) {
    i = table.length;
    table.push(value);
    index.set(key, i);
  }
  return i;
}

export class EvidenceEncoder {
  private readonly strings = new Map<string, number>();
  private readonly shapes = new Map<string, number>();
  private readonly lists = new Map<string, number>();
  private readonly table: EvidenceTable = { strings: [], shapes: [], lists: [] };

  private id(s: string): number {
    return intern(this.strings, this.table.strings, s, s);
  }

  private listId(values: readonly string[]): number {
    const ids = values.map(v => this.id(v));
    return intern(this.lists, this.table.lists, ids.join(','), ids);
  }

  encode(items: readonly EvidenceItem[]): EncodedEvidence {
    const shapes: number[] = [];
    const columns: Record<string, unknown[]> = {};
    for (const item of items) {
      const keys = Object.keys(item);
      shapes.push(intern(this.shapes, this.table.shapes, keys.join(','), keys));
      for (const key of keys) {
        const value = (item as unknown as Record<string, unknown>)[key];
        const column = (columns[key] ??= []);
        if (SHARED.has(key) && typeof value === 'string') column.push(this.id(value));
        else if (SHARED_LIST.has(key) && Array.isArray(value) && value.every(v => typeof v === 'string')) column.push(this.listId(value as string[]));
        else if (key === 'link' && linkAfterCommit(keys) && typeof value === 'string' && value.endsWith(item.commit) && value.length > item.commit.length) {
          column.push(-1 - this.id(value.slice(0, value.length - item.commit.length)));
        } else column.push(value);
      }
    }
    return { shapes, columns };
  }

  finish(): EvidenceTable {
    return this.table;
  }
}

/** Whether a value read from a file is an encoded list (its columns are checked as they are read). */
export function isEncodedEvidence(value: unknown): value is EncodedEvidence {
  if (typeof value !== 'object' || value === null) return false;
  const { shapes, columns } = value as Record<string, unknown>;
  return Array.isArray(shapes) && typeof columns === 'object' && columns !== null && Object.values(columns).every(Array.isArray);
}

/** How each value of a shape is decoded: as it is, a shared string, a shared list, or a link's prefix. */
const enum Decode {
  Plain,
  Shared,
  SharedList,
  Link,
}

/** Thrown when an encoded list does not fit its table (a torn or hand-edited file): the caller does not use it. */
class DoesNotFit extends Error {}

/** What decoding needs of a table, worked out once for all the lists a file holds against it. */
interface Decoder {
  /** Each list of strings as strings, made when first asked for. */
  lists: (string[] | undefined)[];
  /** Every key of every shape by number, the usual keys first (in USUAL's order). */
  keys: string[];
  /** For each shape: whether it starts with the usual keys, and its keys' numbers and how each value is decoded. */
  plans: { usual: boolean; slots: number[]; how: Decode[] }[];
}

const decoders = new WeakMap<EvidenceTable, Decoder>();

function decoderOf(table: EvidenceTable): Decoder {
  let decoder = decoders.get(table);
  if (decoder) return decoder;
  const slots = new Map<string, number>(USUAL.map((key, k) => [key, k]));
  const slotOf = (key: string) => {
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = slots.size));
    return slot;
  };
  const plans = table.shapes.map(keys => ({
    usual: USUAL.every((key, k) => keys[k] === key),
    slots: keys.map(slotOf),
    how: keys.map(key => (key === 'link' ? Decode.Link : SHARED.has(key) ? Decode.Shared : SHARED_LIST.has(key) ? Decode.SharedList : Decode.Plain)),
  }));
  decoder = { lists: [], keys: [...slots.keys()], plans };
  decoders.set(table, decoder);
  return decoder;
}

/**
 * The items `encode` was given, from what it made and the table it finished with. Throws when the list does not fit
 * the table: a shape, string or list the table lacks, or a column with fewer or more values than its items.
 */
export function decodeEvidence(encoded: EncodedEvidence, table: EvidenceTable): EvidenceItem[] {
  const { strings, shapes } = table;
  const { lists, keys, plans } = decoderOf(table);
  // By own key only: a hand-edited file's "constructor" is not a column.
  const own = new Map(Object.entries(encoded.columns));
  for (const key of own.keys()) if (!keys.includes(key)) throw new DoesNotFit(`no shape has the key ${key}`);
  const columns = keys.map(key => own.get(key) ?? []);
  const at = keys.map(() => 0);
  const missing = (what: string, n: number) => {
    throw new DoesNotFit(`no ${what} ${n}`);
  };
  // A shared key holds a number only when encode stored it so; anything else was kept as it was.
  const shared = (value: unknown) => (typeof value === 'number' ? (strings[value] ?? missing('string', value)) : value);
  // Items that held equal lists share one, as a quarter's slimmed items share their lists with the period's: no
  // part of the analysis changes an item's people or paths once the item is made.
  const sharedList = (value: unknown) => {
    if (typeof value !== 'number') return value;
    const ids = table.lists[value] ?? missing('list', value);
    return (lists[value] ??= ids.map(id => strings[id] ?? missing('string', id)));
  };
  const [kind, signal, repo, commit, date, summary, people, paths, weight, subject] = columns as PerUsualKey<unknown[]>;
  const items = encoded.shapes.map(shape => {
    const plan = plans[shape];
    if (!plan) throw new DoesNotFit(`no shape ${shape}`);
    const { slots, how } = plan;
    const shapeKeys = shapes[shape]!;
    let item: Record<string, unknown>;
    let k = 0;
    if (plan.usual) {
      item = {
        kind: shared(kind[at[0]!++]),
        signal: shared(signal[at[1]!++]),
        repo: shared(repo[at[2]!++]),
        commit: commit[at[3]!++],
        date: shared(date[at[4]!++]),
        summary: summary[at[5]!++],
        people: sharedList(people[at[6]!++]),
        paths: sharedList(paths[at[7]!++]),
        weight: weight[at[8]!++],
        subject: subject[at[9]!++],
      };
      k = USUAL.length;
    } else item = {};
    for (; k < slots.length; k++) {
      const slot = slots[k]!;
      const value = columns[slot]![at[slot]!++];
      const key = shapeKeys[k]!;
      if (how[k] === Decode.Shared) item[key] = shared(value);
      else if (how[k] === Decode.SharedList) item[key] = sharedList(value);
      else if (how[k] === Decode.Link && typeof value === 'number')
        item[key] = (strings[-1 - value] ?? missing('string', -1 - value)) + (item.commit as string);
      else item[key] = value;
    }
    return item as unknown as EvidenceItem;
  });
  // Every value read, and none missing: a column with more or fewer values than its items is not this list.
  keys.forEach((key, slot) => {
    if (at[slot] !== columns[slot]!.length) throw new DoesNotFit(`the column ${key} does not fit its items`);
  });
  return items;
}
