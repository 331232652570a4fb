import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, stringify, isMap, type Document } from 'yaml';
import { FileProblem } from '../framework/loader';
import { writeFileAtomic } from '../atomicWrite';
import { createRecordFile, readRecordFolder } from './recordFolder';

/** A logged win: one Markdown file with YAML front matter under `<notes>/wins/`. */
export interface Note {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  title: string;
  impact: string;
  expectations: string[];
  commits: string[];
  tags: string[];
  /** The Markdown after the front matter. */
  text: string;
  /** Absolute path of the file. */
  file: string;
}

export interface NewWin {
  title: string;
  impact?: string;
  expectations?: string[];
  commits?: string[];
  tags?: string[];
  text?: string;
  /** Defaults to today (local time). */
  date?: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const KNOWN_KEYS = ['id', 'date', 'title', 'impact', 'expectations', 'commits', 'tags'] as const;

export function winsFolder(notesDir: string): string {
  return path.join(notesDir, 'wins');
}

export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'win';
}

export function stringList(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .filter(v => v !== null && v !== undefined)
      .map(v => String(v).trim())
      .filter(Boolean);
  if (typeof value === 'string' && value.trim())
    return value
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
  return [];
}

export function yamlDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value.trim() : '';
}

/** A note's front matter, parsed: the YAML document, its fields as plain data, and the Markdown after it. */
export interface FrontMatter {
  doc: Document;
  data: Record<string, unknown>;
  lines: LineCounter;
  /** The Markdown after the front matter. */
  body: string;
}

/**
 * Reads the YAML front matter of a note file (a win, feedback, a goal, a check-in). Throws a FileProblem with its
 * line for anything a person must fix by hand.
 */
export function readFrontMatter(content: string, file: string): FrontMatter {
  const match = FRONT_MATTER.exec(content);
  if (!match) throw new FileProblem(file, 1, '', 'missing YAML front matter (a block between --- lines at the top)');
  const lines = new LineCounter();
  const doc = parseDocument(match[1]!, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // +1: the front matter starts on the line after the opening ---.
    throw new FileProblem(file, (e.linePos?.[0]?.line ?? 1) + 1, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) throw new FileProblem(file, 2, '', 'front matter must be a mapping of fields');
  return { doc, data: doc.toJS() as Record<string, unknown>, lines, body: content.slice(match[0].length).replace(/^\r?\n/, '') };
}

/** The file line of a front-matter field (or a path into it), for a problem that names it (line 2 when it is absent). */
export function fieldLine(fm: FrontMatter, key: string | (string | number)[]): number {
  const node = fm.doc.getIn(typeof key === 'string' ? [key] : key, true) as { range?: [number, number, number] } | undefined;
  // +1: the front matter starts on the line after the opening ---.
  return node?.range ? fm.lines.linePos(node.range[0]).line + 1 : 2;
}

/** Parses a note file. Throws a FileProblem (with its line) for anything a person must fix by hand. */
export function parseNote(content: string, file: string): Note {
  const fm = readFrontMatter(content, file);
  const { data } = fm;
  const title = typeof data.title === 'string' ? data.title.trim() : data.title === undefined ? '' : String(data.title);
  if (!title) throw new FileProblem(file, fieldLine(fm, 'title'), 'title', 'is required');
  const date = yamlDate(data.date);
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new FileProblem(file, 2, 'date', `must be YYYY-MM-DD, got "${date}"`);
  return {
    id: typeof data.id === 'string' && data.id ? data.id : path.basename(file, '.md'),
    date: date || path.basename(file).slice(0, 10),
    title,
    impact: typeof data.impact === 'string' ? data.impact.trim() : '',
    expectations: stringList(data.expectations),
    commits: stringList(data.commits),
    tags: stringList(data.tags),
    text: fm.body,
    file,
  };
}

export interface NotesSnapshot {
  notes: Note[];
  /** Files that could not be read; they are reported and never rewritten. */
  problems: FileProblem[];
}

/** Notes of one kind read from their folder, and the files that could not be read (reported, never rewritten). */
export interface NoteFiles<T> {
  notes: T[];
  problems: FileProblem[];
}

/**
 * Reads every `.md` note in `dir` with `parse`, in file-name order. A missing folder is simply no notes; one that
 * cannot be read (a file in its place, no permission) is reported like a note that cannot be read, so the rest of
 * the analysis still stands.
 */
export async function readNoteFiles<T>(dir: string, folderName: string, parse: (content: string, file: string) => T): Promise<NoteFiles<T>> {
  const { records: notes, problems } = await readRecordFolder(dir, '.md', folderName, parse);
  return { notes, problems };
}

/** Reads every note under `<notesDir>/wins/`, newest first. */
export async function readNotes(notesDir: string): Promise<NotesSnapshot> {
  const { notes, problems } = await readNoteFiles(winsFolder(notesDir), 'wins', parseNote);
  notes.sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
  return { notes, problems };
}

export function renderNote(fields: Record<string, unknown>, text: string): string {
  const yaml = stringify(fields, { lineWidth: 0 }).trimEnd();
  return `---\n${yaml}\n---\n\n${text.trim() ? text.trim() + '\n' : ''}`;
}

/** Writes a new win as its own file; never replaces an existing one (a name clash gets a -2, -3 … suffix). */
export async function createWin(notesDir: string, win: NewWin): Promise<Note> {
  const title = win.title.trim();
  if (!title) throw new Error('A win needs a title');
  const date = win.date ?? localDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date must be YYYY-MM-DD, got "${date}"`);
  const fieldsFor = (id: string) => ({
    id,
    date,
    title,
    impact: win.impact?.trim() ?? '',
    expectations: win.expectations ?? [],
    commits: win.commits ?? [],
    tags: win.tags ?? [],
  });
  const { id, file } = await createNoteFile(winsFolder(notesDir), `${date}-${slugify(title)}`, fieldsFor, win.text ?? '');
  return { ...fieldsFor(id), text: win.text?.trim() ? win.text.trim() + '\n' : '', file };
}

/**
 * Writes a new note as its own file `<dir>/<base>.md`; never replaces an existing one (a name clash gets a -2, -3 …
 * suffix). `fields` gets the id the file is named by.
 */
export async function createNoteFile(
  dir: string,
  base: string,
  fields: (id: string) => Record<string, unknown>,
  text: string,
): Promise<{ id: string; file: string }> {
  const { file, name } = await createRecordFile(dir, base, '.md', path.basename(dir), id => renderNote(fields(id), text));
  return { id: name, file };
}

/**
 * Sets front-matter fields of an existing note in place. Fields Growth Ledger does not know, comments and the text
 * are kept as written. A note that does not `parse` is refused (FileProblem) and left untouched.
 */
export async function rewriteNoteFields<T>(file: string, parse: (content: string, file: string) => T, changes: Record<string, unknown>): Promise<T> {
  const content = await fs.readFile(file, 'utf8');
  parse(content, file); // validates; throws before anything is written
  const match = FRONT_MATTER.exec(content)!;
  const doc: Document = parseDocument(match[1]!);
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) doc.set(key, value);
  const next = `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n${content.slice(match[0].length)}`;
  await writeFileAtomic(file, next);
  return parse(next, file);
}

/**
 * Changes the known fields of an existing note in place. Fields Growth Ledger does not know, comments and the text
 * are kept as written. A note that does not parse is refused (FileProblem) and left untouched.
 */
export async function updateNote(file: string, changes: Partial<Pick<Note, 'title' | 'impact' | 'expectations' | 'commits' | 'tags' | 'date'>>): Promise<Note> {
  const known: Record<string, unknown> = {};
  for (const key of KNOWN_KEYS) if (key !== 'id') known[key] = changes[key as keyof typeof changes];
  return rewriteNoteFields(file, parseNote, known);
}
