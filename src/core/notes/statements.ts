import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Document, LineCounter, parseDocument, isMap } from 'yaml';
import { FileProblem } from '../framework/loader';
import { createFileAtomic, writeFileAtomic } from '../atomicWrite';

/**
 * The engineer's own voice on one expectation: `<notes>/statements/<expectation-id>.md`, the statement as Markdown
 * after YAML front matter that lists the evidence to lead with (`pinned:`) and to leave out of the packet
 * (`hidden:`, still counted). Hand-editable like wins: fields Growth Ledger does not know and comments are kept, and a
 * file that does not parse is reported and never rewritten.
 */
export interface Statement {
  expectation: string;
  /** The Markdown after the front matter, trimmed; empty when only curation was recorded. */
  text: string;
  /** Commits (full or abbreviated SHAs) or win ids, in the order they lead. */
  pinned: string[];
  hidden: string[];
  /** Absolute path of the file. */
  file: string;
}

export interface StatementsSnapshot {
  statements: Statement[];
  problems: FileProblem[];
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
/** An expectation id as frameworks allow it, and never a name that leaves the folder (`.`, `..`) or hides (`.x`). */
const EXPECTATION_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
/** What a pinned or hidden entry may name: a commit (4 to 64 hex digits) or a win's id. */
const EVIDENCE_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function isExpectationId(id: string): boolean {
  return EXPECTATION_ID.test(id);
}

export function isEvidenceRef(ref: string): boolean {
  return EVIDENCE_REF.test(ref);
}

export function statementsFolder(notesDir: string): string {
  return path.join(notesDir, 'statements');
}

export function statementFile(notesDir: string, expectation: string): string {
  if (!isExpectationId(expectation)) throw new Error(`"${expectation}" is not an expectation id`);
  return path.join(statementsFolder(notesDir), `${expectation}.md`);
}

/** Whether an entry of `pinned:` or `hidden:` names this item's commit (a hand-written short SHA names it too). */
export function refersTo(ref: string, commit: string): boolean {
  if (ref === commit) return true;
  return ref.length >= 4 && /^[0-9a-f]+$/i.test(ref) && commit.toLowerCase().startsWith(ref.toLowerCase());
}

/** Parses a statement file. Throws a FileProblem (with its line) for anything a person must fix by hand. */
export function parseStatement(content: string, file: string): Statement {
  const expectation = path.basename(file, '.md');
  const match = FRONT_MATTER.exec(content);
  // A file of plain text is a statement with nothing pinned: the front matter is there for curation only.
  if (!match) return { expectation, text: content.trim(), pinned: [], hidden: [], file };
  const lines = new LineCounter();
  // Failsafe: every value is text, so a hand-written SHA of digits (0123456, 1e5…) is not read as a number.
  const doc = parseDocument(match[1]!, { lineCounter: lines, uniqueKeys: true, schema: 'failsafe' });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // +1: the front matter starts on the line after the opening ---.
    throw new FileProblem(file, (e.linePos?.[0]?.line ?? 1) + 1, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new FileProblem(file, 2, '', 'front matter must be a mapping of fields');
  const list = (key: 'pinned' | 'hidden'): string[] => {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line + 1 : 2;
    const value: unknown = doc.toJS()?.[key];
    if (value === undefined || value === null || value === '') return [];
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) throw new FileProblem(file, line, key, 'must be a list of commits, e.g. [1a2b3c4]');
    return value.map((v: string) => {
      const ref = v.trim();
      if (!isEvidenceRef(ref)) throw new FileProblem(file, line, key, `"${ref}" is not a commit or a win id`);
      return ref;
    });
  };
  return { expectation, text: content.slice(match[0].length).trim(), pinned: list('pinned'), hidden: list('hidden'), file };
}

/** Reads every statement under `<notesDir>/statements/`; a missing folder is no statements. */
export async function readStatements(notesDir: string): Promise<StatementsSnapshot> {
  const dir = statementsFolder(notesDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { statements: [], problems: [] };
    return { statements: [], problems: [new FileProblem(dir, 1, '', `cannot read the statements folder: ${code ?? String(error)}`)] };
  }
  const statements: Statement[] = [];
  const problems: FileProblem[] = [];
  for (const name of names.filter(n => n.endsWith('.md') && isExpectationId(n.slice(0, -3))).sort()) {
    const file = path.join(dir, name);
    try {
      statements.push(parseStatement(await fs.readFile(file, 'utf8'), file));
    } catch (error) {
      if (error instanceof FileProblem) problems.push(error);
      else problems.push(new FileProblem(file, 1, '', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`));
    }
  }
  return { statements, problems };
}

export interface StatementChange {
  /** Replaces the statement text (the body after the front matter). */
  text?: string;
  /**
   * Added below the statement text as it is when the file is written (a blank line between), or the text itself when
   * there is none: what a person wrote meanwhile is never replaced. Ignored when `text` is given.
   */
  append?: string;
  /** Each leads the expectation (and leaves `hidden`); already pinned ones keep their place. */
  pin?: string[];
  /** Each is left out of the packet (and leaves `pinned`). */
  hide?: string[];
  /** Each goes back to the ranked order: out of both lists. */
  reset?: string[];
}

/** The comment a new file starts with (YAML comment lines, each written after "#"). */
const TEMPLATE_COMMENT = [
  ' Your statement for this expectation goes below the closing --- line, in Markdown.',
  ' pinned: commits (or win ids) that lead this expectation in the packet, in order.',
  ' hidden: commits left out of the packet; they still count as evidence.',
].join('\n');

/**
 * Creates or changes one expectation's statement. An existing file keeps its unknown fields, comments and (unless
 * `text` is given) its text; one that does not parse is refused with a FileProblem and left untouched.
 */
export async function updateStatement(notesDir: string, expectation: string, change: StatementChange): Promise<Statement> {
  const file = statementFile(notesDir, expectation);
  for (const ref of [...(change.pin ?? []), ...(change.hide ?? []), ...(change.reset ?? [])]) {
    if (!isEvidenceRef(ref)) throw new Error(`"${ref}" is not a commit or a win id`);
  }
  let content: string | undefined;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (content === undefined) {
    const next = renderStatement(applyChange({ pinned: [], hidden: [] }, change), change.text ?? change.append ?? '');
    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await createFileAtomic(file, next);
      return parseStatement(next, file);
    } catch (error) {
      // Written meanwhile by someone else: change theirs instead of replacing it.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return updateStatement(notesDir, expectation, change);
    }
  }
  const current = parseStatement(content, file); // validates; throws before anything is written
  const match = FRONT_MATTER.exec(content);
  const doc: Document = match ? parseDocument(match[1]!) : parseDocument('');
  if (!match) doc.commentBefore = TEMPLATE_COMMENT;
  const lists = applyChange(current, change);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as Document['contents'];
  doc.set('pinned', doc.createNode(lists.pinned, { flow: true }));
  doc.set('hidden', doc.createNode(lists.hidden, { flow: true }));
  const body =
    change.text !== undefined
      ? bodyOf(change.text)
      : change.append !== undefined
        ? bodyOf(current.text ? `${current.text}\n\n${change.append.trim()}` : change.append)
        : match
          ? content.slice(match[0].length)
          : `\n${content.trim()}\n`;
  const next = `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n${body}`;
  await writeFileAtomic(file, next);
  return parseStatement(next, file);
}

function applyChange(current: Pick<Statement, 'pinned' | 'hidden'>, change: StatementChange): Pick<Statement, 'pinned' | 'hidden'> {
  let pinned = [...current.pinned];
  let hidden = [...current.hidden];
  const without = (list: string[], ref: string) => list.filter(r => !refersTo(r, ref) && !refersTo(ref, r));
  for (const ref of change.reset ?? []) {
    pinned = without(pinned, ref);
    hidden = without(hidden, ref);
  }
  for (const ref of change.pin ?? []) {
    hidden = without(hidden, ref);
    if (!pinned.some(r => refersTo(r, ref) || refersTo(ref, r))) pinned.push(ref);
  }
  for (const ref of change.hide ?? []) {
    pinned = without(pinned, ref);
    if (!hidden.some(r => refersTo(r, ref) || refersTo(ref, r))) hidden.push(ref);
  }
  return { pinned, hidden };
}

function bodyOf(text: string): string {
  return text.trim() ? `\n${text.trim()}\n` : '\n';
}

function renderStatement(lists: Pick<Statement, 'pinned' | 'hidden'>, text: string): string {
  const doc = new Document({ pinned: lists.pinned, hidden: lists.hidden });
  doc.commentBefore = TEMPLATE_COMMENT;
  for (const key of ['pinned', 'hidden']) (doc.get(key, true) as { flow?: boolean }).flow = true;
  return `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n${bodyOf(text)}`;
}
