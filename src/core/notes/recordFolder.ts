import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileProblem } from '../framework/loader';
import { createFileAtomic } from '../atomicWrite';

/**
 * A folder under the notes that keeps one record a file (logged wins, imported reviews): the person may edit or
 * delete any of them, so each is read on its own, and a new record never replaces an existing file.
 */

/**
 * Parses every file in `dir` whose name ends with `ending`, in name order. A missing folder is no records; one that
 * cannot be read (a file in its place, no permission) and each file that cannot be read or parsed are reported with
 * their path, never rewritten, and the rest still count. `what` names the folder in its problem.
 */
export async function readRecordFolder<T>(
  dir: string,
  ending: string,
  what: string,
  parse: (text: string, file: string) => T,
): Promise<{ records: T[]; problems: FileProblem[] }> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { records: [], problems: [] };
    return { records: [], problems: [new FileProblem(dir, 1, '', `cannot read the ${what} folder: ${code ?? String(error)}`)] };
  }
  const records: T[] = [];
  const problems: FileProblem[] = [];
  // Temporary files of an atomic write start with a dot.
  for (const name of names.filter(n => n.endsWith(ending) && !n.startsWith('.')).sort()) {
    const file = path.join(dir, name);
    try {
      records.push(parse(await fs.readFile(file, 'utf8'), file));
    } catch (error) {
      if (error instanceof FileProblem) problems.push(error);
      else problems.push(new FileProblem(file, 1, '', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
    }
  }
  return { records, problems };
}

/**
 * Creates `<dir>/<base><ending>` (and the folder), or `<base>-2`, `<base>-3` … when the name is taken, and returns
 * the path and the name used; `contentFor` gets that name, for a record that stores its own id.
 */
export async function createRecordFile(
  dir: string,
  base: string,
  ending: string,
  what: string,
  contentFor: (name: string) => string,
): Promise<{ file: string; name: string }> {
  await fs.mkdir(dir, { recursive: true });
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    const file = path.join(dir, `${name}${ending}`);
    try {
      await createFileAtomic(file, contentFor(name));
      return { file, name };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`Too many ${what} named "${base}" in ${dir}`);
}
