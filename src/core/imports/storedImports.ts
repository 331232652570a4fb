import * as path from 'node:path';
import { FileProblem } from '../framework/loader';
import { formatDay } from '../period';
import { createRecordFile, readRecordFolder } from '../notes/recordFolder';
import { REPOSITORY_PATH, type ImportedReview, type ReviewSource, type SourcedReview } from './hostExport';
import { FieldReader, isObject, kindOf, parseJson, shown } from './jsonFields';

/** The reviews imported so far: one file an import under `<notes>/imports/`, each written once and never rewritten. */

/** One stored import: `<notes>/imports/reviews-<source>-YYYY-MM-DD-HHMMSS.json`. */
export interface ReviewImport {
  source: ReviewSource;
  importedAt: string;
  items: ImportedReview[];
  /** Absolute path of the file. */
  file: string;
}

export function importsFolder(notesDir: string): string {
  return path.join(notesDir, 'imports');
}

/** Parses a stored import. Throws a FileProblem for anything a person must fix by hand. */
export function parseStoredImport(text: string, file: string): ReviewImport {
  const fail: (detail: string) => never = detail => {
    throw new FileProblem(file, 1, '', detail);
  };
  const data = parseJson(text, fail);
  if (!isObject(data)) return fail(`is ${kindOf(data)}, not an import (an object with "source", "importedAt" and "items")`);
  const top = new FieldReader(data, 'the import', fail);
  const source = top.string('source');
  if (source !== 'github' && source !== 'gitlab') fail(`has a "source" that is neither github nor gitlab: ${shown(source)}`);
  const importedAt = top.date('importedAt') ?? fail('the import has no "importedAt"');
  const list = top.value('items');
  if (!Array.isArray(list)) return fail('has "items" that are not a list');
  const items = list.map((item: unknown, i): ImportedReview => {
    const where = `item ${i + 1}`;
    if (!isObject(item)) fail(`${where} is ${kindOf(item)}, not an object`);
    const f = new FieldReader(item, where, fail);
    const host = f.string('host');
    const repository = f.string('repository');
    if (!REPOSITORY_PATH.test(repository)) fail(`${where} has a "repository" that is not OWNER/NAME: ${shown(repository)}`);
    const number = f.positive('number');
    const title = f.string('title');
    const { url } = f.https('url');
    const author = f.string('author');
    const closedAt = f.date('closedAt') ?? fail(`${where} has no "closedAt"`);
    const state = f.string('state');
    if (state !== 'merged' && state !== 'closed') fail(`${where} has a "state" that is neither merged nor closed: ${shown(state)}`);
    return { host, repository, number, title, url: url.href, author, closedAt, state: state as ImportedReview['state'] };
  });
  return { source: source as ReviewSource, importedAt, items, file };
}

/**
 * Every stored import, oldest first. A missing folder is no imports; a file that cannot be read is reported with
 * its path, never rewritten, and the rest still count (as broken wins are).
 */
export async function readImports(notesDir: string): Promise<{ imports: ReviewImport[]; problems: FileProblem[] }> {
  const { records: imports, problems } = await readRecordFolder(importsFolder(notesDir), '.json', 'imports', parseStoredImport);
  imports.sort((a, b) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0));
  return { imports, problems };
}

/** The reviews of every import once each (by web address), with the host they came from. */
export function distinctReviews(imports: readonly ReviewImport[]): SourcedReview[] {
  const seen = new Set<string>();
  const out: SourcedReview[] = [];
  for (const i of imports) {
    for (const review of i.items) {
      if (seen.has(review.url)) continue;
      seen.add(review.url);
      out.push({ review, source: i.source });
    }
  }
  return out;
}

function stamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${formatDay(d)}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** Writes one import as a new file (never replacing one: a clash gets a -2, -3 … suffix) and returns its path. */
export async function writeImport(notesDir: string, source: ReviewSource, items: ImportedReview[], now = new Date()): Promise<string> {
  const content = JSON.stringify({ source, importedAt: now.toISOString(), items }, null, 2) + '\n';
  const { file } = await createRecordFile(importsFolder(notesDir), `reviews-${source}-${stamp(now)}`, '.json', 'imports', () => content);
  return file;
}
