import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileProblem } from '../framework/loader';
import {
  createNoteFile,
  fieldLine,
  localDate,
  readFrontMatter,
  readNoteFiles,
  rewriteNoteFields,
  slugify,
  stringList,
  yamlDate,
  type FrontMatter,
  type NoteFiles,
} from '../notes/notesStore';

/**
 * The plan side of the notes: feedback received, goals and check-ins, each one Markdown file with YAML front matter
 * in its own folder beside `wins/`, written and read like wins (atomic writes, unknown fields kept, a file that does
 * not parse reported with its line and never rewritten).
 */

export const FEEDBACK_KINDS = ['praise', 'constructive'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface Feedback {
  id: string;
  /** Who gave it: a name, as the person wrote it. */
  from: string;
  /** YYYY-MM-DD */
  date: string;
  /** Their words: the Markdown after the front matter. */
  text: string;
  expectations: string[];
  kind: FeedbackKind;
  file: string;
}

export const GOAL_STATUSES = ['active', 'done', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface Milestone {
  title: string;
  done: boolean;
}

export interface Goal {
  id: string;
  title: string;
  /** When the goal was set (YYYY-MM-DD): evidence from this day on counts as progress. */
  created: string;
  /** YYYY-MM-DD, or null for no due date. */
  due: string | null;
  status: GoalStatus;
  expectations: string[];
  milestones: Milestone[];
  /** Free text: how the skill will be learned. The Markdown after the front matter. */
  learningPlan: string;
  file: string;
}

export const RATINGS = ['met', 'growing', 'not-yet'] as const;
export type Rating = (typeof RATINGS)[number];

export interface SelfAssessment {
  expectation: string;
  rating: Rating;
  /** One line of why. */
  why: string;
}

export interface CheckIn {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  assessments: SelfAssessment[];
  /** Anything else written below the front matter. */
  text: string;
  file: string;
}

export const feedbackFolder = (notesDir: string) => path.join(notesDir, 'feedback');
export const goalsFolder = (notesDir: string) => path.join(notesDir, 'goals');
export const checkInsFolder = (notesDir: string) => path.join(notesDir, 'check-ins');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function text(fm: FrontMatter, key: string): string {
  const value = fm.data[key];
  return value === undefined || value === null ? '' : String(value).trim();
}

function day(fm: FrontMatter, file: string, key: string, fallback: string): string {
  const value = yamlDate(fm.data[key]);
  if (value && !DAY.test(value)) throw new FileProblem(file, fieldLine(fm, key), key, `must be YYYY-MM-DD, got "${value}"`);
  return value || fallback;
}

function oneOf<T extends string>(fm: FrontMatter, file: string, key: string, allowed: readonly T[], fallback: T): T {
  const value = text(fm, key);
  if (!value) return fallback;
  if (!allowed.includes(value as T)) throw new FileProblem(file, fieldLine(fm, key), key, `must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

const idOf = (fm: FrontMatter, file: string) => (typeof fm.data.id === 'string' && fm.data.id ? fm.data.id : path.basename(file, '.md'));
const fileDay = (file: string) => (DAY.test(path.basename(file).slice(0, 10)) ? path.basename(file).slice(0, 10) : '');

export function parseFeedback(content: string, file: string): Feedback {
  const fm = readFrontMatter(content, file);
  const from = text(fm, 'from');
  if (!from) throw new FileProblem(file, fieldLine(fm, 'from'), 'from', 'is required: who gave the feedback');
  const words = fm.body.trim();
  if (!words) throw new FileProblem(file, 1, '', 'the feedback itself is missing: write their words below the front matter');
  return {
    id: idOf(fm, file),
    from,
    date: day(fm, file, 'date', fileDay(file)),
    text: words,
    expectations: stringList(fm.data.expectations),
    kind: oneOf(fm, file, 'kind', FEEDBACK_KINDS, 'praise'),
    file,
  };
}

function milestones(fm: FrontMatter, file: string): Milestone[] {
  const value = fm.data.milestones;
  if (value === undefined || value === null) return [];
  const fail = (): never => {
    throw new FileProblem(file, fieldLine(fm, 'milestones'), 'milestones', 'must be a list of milestones, each a title or { title, done }');
  };
  if (!Array.isArray(value)) return fail();
  return value.map(m => {
    if (typeof m === 'string' && m.trim()) return { title: m.trim(), done: false };
    if (typeof m !== 'object' || m === null || typeof (m as Milestone).title !== 'string' || !(m as Milestone).title.trim()) return fail();
    const done = (m as { done?: unknown }).done;
    if (done !== undefined && typeof done !== 'boolean') return fail();
    return { title: (m as Milestone).title.trim(), done: done === true };
  });
}

export function parseGoal(content: string, file: string): Goal {
  const fm = readFrontMatter(content, file);
  const title = text(fm, 'title');
  if (!title) throw new FileProblem(file, fieldLine(fm, 'title'), 'title', 'is required');
  return {
    id: idOf(fm, file),
    title,
    created: day(fm, file, 'created', fileDay(file)),
    due: day(fm, file, 'due', '') || null,
    status: oneOf(fm, file, 'status', GOAL_STATUSES, 'active'),
    expectations: stringList(fm.data.expectations),
    milestones: milestones(fm, file),
    learningPlan: fm.body.trim(),
    file,
  };
}

export function parseCheckIn(content: string, file: string): CheckIn {
  const fm = readFrontMatter(content, file);
  const raw = fm.data.assessments ?? [];
  const fail = (detail: string, at: (string | number)[] = []): never => {
    throw new FileProblem(file, fieldLine(fm, ['assessments', ...at]), 'assessments', detail);
  };
  if (!Array.isArray(raw)) fail('must be a list of { expectation, rating, why }');
  const assessments = (raw as unknown[]).map((a, i) => {
    const entry = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
    const expectation = typeof entry.expectation === 'string' ? entry.expectation.trim() : '';
    if (!expectation) fail(`entry ${i + 1} needs an expectation id`, [i]);
    const rating = String(entry.rating ?? '').trim();
    if (!RATINGS.includes(rating as Rating))
      fail(`entry ${i + 1} (${expectation}): rating must be one of ${RATINGS.join(', ')}, got "${rating}"`, [i, 'rating']);
    return { expectation, rating: rating as Rating, why: entry.why === undefined || entry.why === null ? '' : String(entry.why).trim() };
  });
  return { id: idOf(fm, file), date: day(fm, file, 'date', fileDay(file)), assessments, text: fm.body, file };
}

const newestFirst =
  <T extends { id: string }>(dateOf: (t: T) => string) =>
  (a: T, b: T) =>
    dateOf(b).localeCompare(dateOf(a)) || b.id.localeCompare(a.id);

export async function readFeedback(notesDir: string): Promise<NoteFiles<Feedback>> {
  const read = await readNoteFiles(feedbackFolder(notesDir), 'feedback', parseFeedback);
  read.notes.sort(newestFirst(f => f.date));
  return read;
}

export async function readGoals(notesDir: string): Promise<NoteFiles<Goal>> {
  const read = await readNoteFiles(goalsFolder(notesDir), 'goals', parseGoal);
  read.notes.sort(newestFirst(g => g.created));
  return read;
}

export async function readCheckIns(notesDir: string): Promise<NoteFiles<CheckIn>> {
  const read = await readNoteFiles(checkInsFolder(notesDir), 'check-ins', parseCheckIn);
  read.notes.sort(newestFirst(c => c.date));
  return read;
}

function checkDay(value: string, what: string): string {
  if (!DAY.test(value) || Number.isNaN(new Date(`${value}T12:00:00`).getTime())) throw new RangeError(`${what} must be a date like 2026-07-01, got "${value}"`);
  return value;
}

export interface NewFeedback {
  from: string;
  text: string;
  expectations?: string[];
  kind?: FeedbackKind;
  /** Defaults to today (local time). */
  date?: string;
}

/** Records feedback received as its own file under `<notes>/feedback/`. */
export async function createFeedback(notesDir: string, input: NewFeedback): Promise<Feedback> {
  const from = input.from.trim();
  const words = input.text.trim();
  if (!from) throw new RangeError('Feedback needs the name of the person who gave it');
  if (!words) throw new RangeError('Feedback needs their words');
  const date = checkDay(input.date ?? localDate(), 'The date');
  const kind = input.kind ?? 'praise';
  const expectations = input.expectations ?? [];
  const { id, file } = await createNoteFile(feedbackFolder(notesDir), `${date}-${slugify(from)}`, id => ({ id, date, from, kind, expectations }), words);
  return { id, from, date, text: words, expectations, kind, file };
}

export interface NewGoal {
  title: string;
  expectations?: string[];
  due?: string | null;
  milestones?: string[];
  learningPlan?: string;
  /** Defaults to today (local time). */
  created?: string;
}

/** Sets a goal: its own file under `<notes>/goals/`, active until it is completed or dropped. */
export async function createGoal(notesDir: string, input: NewGoal): Promise<Goal> {
  const title = input.title.trim();
  if (!title) throw new RangeError('A goal needs a title');
  const created = checkDay(input.created ?? localDate(), 'The start date');
  const due = input.due ? checkDay(input.due, 'The due date') : null;
  if (due && due < created) throw new RangeError(`The due date ${due} is before the goal starts (${created})`);
  const expectations = input.expectations ?? [];
  const milestoneList = (input.milestones ?? [])
    .map(m => m.trim())
    .filter(Boolean)
    .map(m => ({ title: m, done: false }));
  const plan = input.learningPlan?.trim() ?? '';
  const { id, file } = await createNoteFile(
    goalsFolder(notesDir),
    `${created}-${slugify(title)}`,
    id => ({ id, title, created, due, status: 'active', expectations, milestones: milestoneList }),
    plan,
  );
  return { id, title, created, due, status: 'active', expectations, milestones: milestoneList, learningPlan: plan, file };
}

/** Changes a goal's status, or marks milestones done, in place; everything else in the file is kept as written. */
export async function updateGoal(goal: Pick<Goal, 'file'>, changes: { status?: GoalStatus; milestonesDone?: number[] }): Promise<Goal> {
  let milestoneField: Milestone[] | undefined;
  if (changes.milestonesDone) {
    const current = (await readGoalFile(goal.file)).milestones;
    milestoneField = current.map((m, i) => ({ title: m.title, done: m.done || changes.milestonesDone!.includes(i) }));
  }
  return rewriteNoteFields(goal.file, parseGoal, { status: changes.status, milestones: milestoneField });
}

async function readGoalFile(file: string): Promise<Goal> {
  return parseGoal(await fs.readFile(file, 'utf8'), file);
}

/** Writes a check-in as its own file under `<notes>/check-ins/`. */
export async function createCheckIn(notesDir: string, input: { date?: string; assessments: SelfAssessment[]; text?: string }): Promise<CheckIn> {
  const date = checkDay(input.date ?? localDate(), 'The date');
  const assessments = input.assessments.map(a => ({ expectation: a.expectation, rating: a.rating, why: a.why.replace(/\s+/g, ' ').trim() }));
  const body = input.text?.trim() ?? '';
  const { id, file } = await createNoteFile(checkInsFolder(notesDir), `${date}-check-in`, id => ({ id, date, assessments }), body);
  return { id, date, assessments, text: body ? body + '\n' : '', file };
}
