import * as vscode from 'vscode';
import { FileProblem } from '../core/framework/loader';
import { localDate } from '../core/notes/notesStore';
import {
  createCheckIn,
  createFeedback,
  createGoal,
  readGoals,
  updateGoal,
  type Feedback,
  type FeedbackKind,
  type Goal,
  type CheckIn,
} from '../core/plan/notes';
import { changesSince, describeChanges, prefillCheckIn } from '../core/plan/plan';
import { TRACKS, setTrack, type Track } from '../core/plan/profile';
import type { Framework } from '../core/framework/types';
import type { Ledger } from './ledger';
import type { Log } from './log';
import { keepNoteOutOfGit } from './keepOutOfGit';
import { inputStep, pickOneStep, pickStep } from './steps';
import { trackLabel } from './viewModel';

/** What a test or another extension may pass to skip the prompts. */
export interface FeedbackArgs {
  from: string;
  text: string;
  kind?: FeedbackKind;
  expectations?: string[];
  date?: string;
}

export interface GoalArgs {
  title: string;
  expectations?: string[];
  due?: string;
  milestones?: string[];
  learningPlan?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function notesFolderOrWarn(ledger: Ledger): string | undefined {
  const dir = ledger.notesDir();
  if (!dir) void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: your plan is saved in the workspace, beside your wins.'));
  return dir;
}

/** A write that failed: said once, plainly, with where; nothing else was touched. */
function reportWriteFailure(log: Log, what: 'feedback' | 'goal' | 'check-in' | 'track', notesDir: string, error: unknown): undefined {
  if (error instanceof FileProblem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0}. Fix the file by hand; Growth Ledger did not change it.', error.message));
    return undefined;
  }
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  log.error(`Could not save the ${what} in ${notesDir}: ${String(error)}`);
  const unchanged = vscode.l10n.t('Nothing was lost: your other notes are unchanged.');
  const message = {
    feedback: () => vscode.l10n.t('Could not save the feedback in {0} ({1}).', notesDir, reason),
    goal: () => vscode.l10n.t('Could not save the goal in {0} ({1}).', notesDir, reason),
    'check-in': () => vscode.l10n.t('Could not save the check-in in {0} ({1}).', notesDir, reason),
    track: () => vscode.l10n.t('Could not save the track in {0} ({1}).', notesDir, reason),
  }[what]();
  void vscode.window.showErrorMessage(`${message} ${unchanged}`);
  return undefined;
}

function expectationItems(framework: Framework, picked: readonly string[] = []) {
  return framework.expectations.map(e => ({
    label: e.title,
    description: e.level === 'mid' ? vscode.l10n.t('Mid-level') : vscode.l10n.t('Senior'),
    detail: e.description,
    id: e.id,
    picked: picked.includes(e.id),
  }));
}

function validDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(y!, m! - 1, d!);
  return date.getFullYear() === y && date.getMonth() === m! - 1 && date.getDate() === d;
}

/** A day `months` from today, as a suggestion for a goal's due date (a skill taken to expert level takes 6 to 12 months). */
function monthsFromToday(months: number): string {
  const d = new Date();
  return localDate(new Date(d.getFullYear(), d.getMonth() + months, d.getDate()));
}

/** "Growth: Record Feedback": who, their words, praise or constructive, and the expectations it speaks to. */
export async function recordFeedback(ledger: Ledger, log: Log, args?: unknown): Promise<Feedback | undefined> {
  const notesDir = notesFolderOrWarn(ledger);
  if (!notesDir) return undefined;
  let input: FeedbackArgs;
  if (isObject(args) && typeof args.from === 'string' && typeof args.text === 'string') input = args as unknown as FeedbackArgs;
  else {
    const title = vscode.l10n.t('Record Feedback');
    const steps = 4;
    const from = await inputStep(title, 1, steps, vscode.l10n.t('Who gave you the feedback?'), vscode.l10n.t('e.g. Sam Lee, my manager'), v =>
      !v.trim() ? vscode.l10n.t('Type the name of the person who gave it') : v.length > 120 ? vscode.l10n.t('Keep the name under 120 characters') : undefined,
    );
    if (from === undefined) return undefined;
    const text = await inputStep(
      title,
      2,
      steps,
      vscode.l10n.t('What did they say? Their words, as close as you remember them.'),
      vscode.l10n.t('e.g. Your design doc made the review easy to follow'),
      v =>
        !v.trim()
          ? vscode.l10n.t('Type what they said')
          : v.length > 2000
            ? vscode.l10n.t('Keep it under 2,000 characters; add more in the file afterwards')
            : undefined,
    );
    if (text === undefined) return undefined;
    const kind = await pickOneStep(title, 3, steps, vscode.l10n.t('Was it praise or something to improve?'), [
      { label: vscode.l10n.t('Praise'), description: vscode.l10n.t('what went well'), feedbackKind: 'praise' as const },
      { label: vscode.l10n.t('Constructive'), description: vscode.l10n.t('something to do differently'), feedbackKind: 'constructive' as const },
    ]);
    if (kind === undefined) return undefined;
    const { framework } = await ledger.framework();
    const chosen = await pickStep(
      title,
      4,
      steps,
      vscode.l10n.t('Which expectations does it speak to? (Space to select, Enter to save)'),
      expectationItems(framework),
    );
    if (chosen === undefined) return undefined;
    input = { from, text, kind: kind.feedbackKind, expectations: chosen.map(c => c.id) };
  }
  let saved: Feedback;
  try {
    saved = await createFeedback(notesDir, input);
  } catch (error) {
    return reportWriteFailure(log, 'feedback', notesDir, error);
  }
  log.info(`Recorded feedback ${saved.file}`);
  await keepNoteOutOfGit(ledger, log, saved.file);
  void ledger.refresh();
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(vscode.l10n.t('Recorded feedback from {0}.', saved.from), open).then(choice => {
    if (choice === open) void vscode.window.showTextDocument(vscode.Uri.file(saved.file));
  });
  return saved;
}

/** "Growth: Set a Goal": a title, the expectations it grows, a due date, milestones and a learning plan. */
export async function setGoal(ledger: Ledger, log: Log, args?: unknown): Promise<Goal | undefined> {
  const notesDir = notesFolderOrWarn(ledger);
  if (!notesDir) return undefined;
  let input: GoalArgs;
  if (isObject(args) && typeof args.title === 'string') input = args as unknown as GoalArgs;
  else {
    const title = vscode.l10n.t('Set a Goal');
    const steps = 5;
    const name = await inputStep(
      title,
      1,
      steps,
      vscode.l10n.t('What do you want to get good at?'),
      vscode.l10n.t('e.g. Become the go-to person for the billing service'),
      v => (!v.trim() ? vscode.l10n.t('Give the goal a title') : v.length > 200 ? vscode.l10n.t('Keep the title under 200 characters') : undefined),
    );
    if (name === undefined) return undefined;
    const { framework } = await ledger.framework();
    const chosen = await pickStep(
      title,
      2,
      steps,
      vscode.l10n.t('Which expectations will it grow? (Space to select, Enter to continue)'),
      expectationItems(framework),
    );
    if (chosen === undefined) return undefined;
    const today = localDate();
    const due = await inputStep(
      title,
      3,
      steps,
      vscode.l10n.t('By when? A day like {0}, or leave it empty for no due date.', monthsFromToday(6)),
      vscode.l10n.t('e.g. {0} (six months from today)', monthsFromToday(6)),
      v =>
        !v.trim()
          ? undefined
          : !validDay(v.trim())
            ? vscode.l10n.t('Type a date like 2027-06-30, or leave it empty')
            : v.trim() < today
              ? vscode.l10n.t('Pick a day from today on')
              : undefined,
    );
    if (due === undefined) return undefined;
    const milestones = await inputStep(
      title,
      4,
      steps,
      vscode.l10n.t('Milestones on the way, separated by semicolons (optional)'),
      vscode.l10n.t('e.g. Read the billing code; Fix one billing bug; Lead a billing change'),
    );
    if (milestones === undefined) return undefined;
    const learningPlan = await inputStep(
      title,
      5,
      steps,
      vscode.l10n.t('How will you learn it? Courses, a mentor, a stretch project (optional)'),
      vscode.l10n.t('e.g. Pair with Bob weekly; lead the next billing migration'),
    );
    if (learningPlan === undefined) return undefined;
    input = { title: name, expectations: chosen.map(c => c.id), due: due || undefined, milestones: milestones.split(';'), learningPlan };
  }
  let saved: Goal;
  try {
    saved = await createGoal(notesDir, { ...input, due: input.due || null });
  } catch (error) {
    if (error instanceof RangeError) {
      void vscode.window.showErrorMessage(`${error.message}.`);
      return undefined;
    }
    return reportWriteFailure(log, 'goal', notesDir, error);
  }
  log.info(`Set goal ${saved.file}`);
  await keepNoteOutOfGit(ledger, log, saved.file);
  void ledger.refresh();
  const open = vscode.l10n.t('Open');
  const message = saved.due ? vscode.l10n.t('Goal set: {0}, due {1}.', saved.title, saved.due) : vscode.l10n.t('Goal set: {0}.', saved.title);
  void vscode.window.showInformationMessage(message, open).then(choice => {
    if (choice === open) void vscode.window.showTextDocument(vscode.Uri.file(saved.file));
  });
  return saved;
}

/**
 * "Growth: Complete Goal": one of the active goals, marked done or dropped. `args` may name the goal (its id, as the
 * panel does: then only how it ended is asked) or say both (`{ id, status }`, for tests and other extensions).
 */
export async function completeGoal(ledger: Ledger, log: Log, args?: unknown): Promise<Goal | undefined> {
  const notesDir = notesFolderOrWarn(ledger);
  if (!notesDir) return undefined;
  const { notes, problems } = await readGoals(notesDir);
  for (const p of problems) log.warn(p.message);
  const active = notes.filter(g => g.status === 'active');
  const wanted = typeof args === 'string' ? args : isObject(args) && typeof args.id === 'string' ? args.id : undefined;
  const given = isObject(args) && (args.status === 'done' || args.status === 'dropped') ? args.status : undefined;
  if (active.length === 0) {
    // Not awaited: the command is done; the notification's button stays on offer.
    const setOne = vscode.l10n.t('Set a Goal');
    void vscode.window.showInformationMessage(vscode.l10n.t('You have no active goals to complete. Set one with Growth: Set a Goal.'), setOne).then(choice => {
      if (choice === setOne) void vscode.commands.executeCommand('growthLedger.setGoal');
    });
    return undefined;
  }
  const title = vscode.l10n.t('Complete Goal');
  let goal = active.find(g => g.id === wanted);
  if (!goal) {
    const picked = await pickOneStep(
      title,
      1,
      2,
      vscode.l10n.t('Which goal?'),
      active.map(g => ({
        label: g.title,
        description: g.due ? vscode.l10n.t('due {0}', g.due) : vscode.l10n.t('no due date'),
        detail: milestoneLine(g),
        goal: g,
      })),
    );
    if (!picked) return undefined;
    goal = picked.goal;
  }
  const status =
    given ??
    (
      await pickOneStep(title, 2, 2, vscode.l10n.t('How did "{0}" end?', goal.title), [
        { label: vscode.l10n.t('Done'), description: vscode.l10n.t('I reached it'), status: 'done' as const },
        { label: vscode.l10n.t('Dropped'), description: vscode.l10n.t('it is no longer my goal'), status: 'dropped' as const },
      ])
    )?.status;
  if (!status) return undefined;
  let saved: Goal;
  try {
    saved = await updateGoal(goal, { status });
  } catch (error) {
    return reportWriteFailure(log, 'goal', notesDir, error);
  }
  log.info(`Goal ${saved.id} is ${status}`);
  void ledger.refresh();
  void vscode.window.showInformationMessage(
    status === 'done'
      ? vscode.l10n.t('Goal done: {0}. Log a win for it if it changed something.', saved.title)
      : vscode.l10n.t('Goal dropped: {0}.', saved.title),
  );
  return saved;
}

function milestoneLine(g: Goal): string {
  if (g.milestones.length === 0) return vscode.l10n.t('no milestones');
  return vscode.l10n.t('{0} of {1} milestones done', g.milestones.filter(m => m.done).length, g.milestones.length);
}

/**
 * "Growth: Check In": a self-assessment of every expectation prefilled from the evidence, saved and opened so the
 * ratings and the lines of why can be changed in the file; it says what moved since the last check-in.
 */
export async function checkIn(ledger: Ledger, log: Log): Promise<CheckIn | undefined> {
  const notesDir = notesFolderOrWarn(ledger);
  if (!notesDir) return undefined;
  const analysis = await ledger.ensureAnalysis();
  if (!analysis) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('A check-in starts from the evidence in your history, and there is no analysis yet. Open the Growth panel to see why.'),
    );
    return undefined;
  }
  const assessments = prefillCheckIn(analysis.expectations);
  const last = analysis.checkIns[0];
  let saved: CheckIn;
  try {
    saved = await createCheckIn(notesDir, { assessments });
  } catch (error) {
    return reportWriteFailure(log, 'check-in', notesDir, error);
  }
  log.info(`Checked in ${saved.file}`);
  await keepNoteOutOfGit(ledger, log, saved.file);
  void ledger.refresh();
  await vscode.window.showTextDocument(vscode.Uri.file(saved.file), { preview: false });
  // What moved is the core's sentence (English, as in the check-in file); the advice around it is the panel's own.
  void vscode.window.showInformationMessage(
    `${describeChanges(last, changesSince(last, assessments))} ${vscode.l10n.t('Change any rating (met, growing, not-yet) in the file.')}`,
  );
  return saved;
}

/** "Growth: Choose Track": individual contributor, people manager or hybrid; the panel leads with that track's expectations. */
export async function chooseTrack(ledger: Ledger, log: Log, arg?: unknown): Promise<Track | undefined> {
  const notesDir = notesFolderOrWarn(ledger);
  if (!notesDir) return undefined;
  let track = (TRACKS as readonly unknown[]).includes(arg) ? (arg as Track) : undefined;
  if (!track) {
    const current = ledger.lastAnalysis?.track ?? null;
    const picked = await vscode.window.showQuickPick(
      TRACKS.map(t => ({ label: trackLabel(t), description: t === current ? vscode.l10n.t('current') : undefined, track: t })),
      { title: vscode.l10n.t('Choose Track'), placeHolder: vscode.l10n.t('Which path are you growing towards?') },
    );
    if (!picked) return undefined;
    track = picked.track;
  }
  try {
    await setTrack(notesDir, track);
  } catch (error) {
    return reportWriteFailure(log, 'track', notesDir, error);
  }
  void ledger.refresh();
  return track;
}
