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

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter(v => v !== null && v !== undefined).map(v => String(v).trim()).filter(Boolean);
  if (typeof value === 'string' && value.trim()) return value.split(',').map(s => s.trim()).filter(Boolean);
  return [];
}

function yamlDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value.trim() : '';
}

/** Parses a note file. Throws a FileProblem (with its line) for anything a person must fix by hand. */
export function parseNote(content: string, file: string): Note {
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
  const data = doc.toJS() as Record<string, unknown>;
  const title = typeof data.title === 'string' ? data.title.trim() : data.title === undefined ? '' : String(data.title);
  if (!title) {
    const node = doc.get('title', true) as { range?: [number, number, number] } | undefined;
    throw new FileProblem(file, node?.range ? lines.linePos(node.range[0]).line + 1 : 2, 'title', 'is required');
  }
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
    text: content.slice(match[0].length).replace(/^\r?\n/, ''),
    file,
  };
}

export interface NotesSnapshot {
  notes: Note[];
  /** Files that could not be read; they are reported and never rewritten. */
  problems: FileProblem[];
}

/**
 * Reads every note under `<notesDir>/wins/`, newest first. A missing folder is simply no notes; one that cannot be
 * read (a file in its place, no permission) is reported like a note that cannot be read, so the rest of the analysis
 * still stands.
 */
export async function readNotes(notesDir: string): Promise<NotesSnapshot> {
  const { records: notes, problems } = await readRecordFolder(winsFolder(notesDir), '.md', 'wins', parseNote);
  notes.sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
  return { notes, problems };
}

function renderNote(fields: Record<string, unknown>, text: string): string {
  const yaml = stringify(fields, { lineWidth: 0 }).trimEnd();
  return `---\n${yaml}\n---\n\n${text.trim() ? text.trim() + '\n' : ''}`;
}

/** Writes a new win as its own file; never replaces an existing one (a name clash gets a -2, -3 … suffix). */
export async function createWin(notesDir: string, win: NewWin): Promise<Note> {
  const title = win.title.trim();
  if (!title) throw new Error('A win needs a title');
  const date = win.date ?? localDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date must be YYYY-MM-DD, got "${date}"`);
  const fieldsOf = (id: string) => ({
    id,
    date,
    title,
    impact: win.impact?.trim() ?? '',
    expectations: win.expectations ?? [],
    commits: win.commits ?? [],
    tags: win.tags ?? [],
  });
  const { file, name } = await createRecordFile(winsFolder(notesDir), `${date}-${slugify(title)}`, '.md', 'wins', id => renderNote(fieldsOf(id), win.text ?? ''));
  return { ...fieldsOf(name), text: win.text?.trim() ? win.text.trim() + '\n' : '', file };
}

/**
 * Changes the known fields of an existing note in place. Fields Growth Ledger does not know, comments and the text
 * are kept as written. A note that does not parse is refused (FileProblem) and left untouched.
 */
export async function updateNote(
  file: string,
  changes: Partial<Pick<Note, 'title' | 'impact' | 'expectations' | 'commits' | 'tags' | 'date'>>,
): Promise<Note> {
  const content = await fs.readFile(file, 'utf8');
  parseNote(content, file); // validates; throws before anything is written
  const match = FRONT_MATTER.exec(content)!;
  const doc: Document = parseDocument(match[1]!);
  for (const key of KNOWN_KEYS) {
    if (key === 'id') continue;
    const value = changes[key as keyof typeof changes];
    if (value !== undefined) doc.set(key, value);
  }
  const next = `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n${content.slice(match[0].length)}`;
  await writeFileAtomic(file, next);
  return parseNote(next, file);
}
