import type { Analysis } from '../core/analyze';
import type { Framework } from '../core/framework/types';
import { excludeFromGit } from '../core/notes/privacy';
import { localDate } from '../core/notes/notesStore';
import type { GitOptions } from '../core/git/exec';
import { FEEDBACK_KINDS, createCheckIn, createFeedback, createGoal, readGoals, updateGoal, type FeedbackKind, type Goal } from '../core/plan/notes';
import { changesSince, describeChanges, prefillCheckIn } from '../core/plan/plan';
import { TRACKS, TRACK_LABELS, isTrack, setTrack } from '../core/plan/profile';
import { UsageError } from './usageError';

/** The plan's verbs: feedback add, goal add|done|drop, check-in, track set. */
export const PLAN_USAGE = `  growth-ledger feedback add "TEXT" --from NAME [--kind praise|constructive] [--expectation ID]... [--date YYYY-MM-DD]
  growth-ledger goal add "TITLE" [--expectation ID]... [--due YYYY-MM-DD] [--milestone TEXT]... [--plan TEXT]
  growth-ledger goal done ID      (or: goal drop ID)
  growth-ledger check-in          a self-assessment of every expectation, from the evidence
  growth-ledger track set ic|manager|hybrid`;

export const PLAN_COMMANDS = ['feedback', 'goal', 'check-in', 'track'] as const;

/** What a plan verb needs from the rest of the CLI. */
export interface PlanCli {
  positional: string[];
  single: Map<string, string>;
  multi: Map<string, string[]>;
  flags: Set<string>;
  context(): Promise<{ root: string; notesDir: string; framework: Framework; gitPath?: string }>;
  analysis(): Promise<Analysis>;
  out(s: string): void;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (no 2026-02-30), as the notes store them. */
function day(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(y!, m! - 1, d!);
  if (!DAY.test(value) || date.getFullYear() !== y || date.getMonth() !== m! - 1 || date.getDate() !== d)
    throw new UsageError(`${flag} must be a date like 2026-07-01, got "${value}"`);
  return value;
}

function expectationsOf(cli: PlanCli, framework: Framework): string[] {
  const ids = cli.multi.get('expectation') ?? [];
  for (const id of ids) {
    if (!framework.expectations.some(e => e.id === id))
      throw new UsageError(`unknown expectation "${id}" (known: ${framework.expectations.map(e => e.id).join(', ')})`);
  }
  return ids;
}

async function keepOutOfGit(cli: PlanCli, root: string, notesDir: string, gitPath?: string): Promise<void> {
  if (!cli.flags.has('no-exclude')) await excludeFromGit(root, notesDir, { gitPath } satisfies GitOptions);
}

function subcommand(cli: PlanCli, verb: string, allowed: readonly string[]): string {
  const sub = cli.positional.shift();
  if (!sub || !allowed.includes(sub))
    throw new UsageError(`${verb} needs one of: ${allowed.map(a => `${verb} ${a}`).join(', ')}${sub ? ` (got "${sub}")` : ''}`);
  return sub;
}

export async function runPlanCommand(command: (typeof PLAN_COMMANDS)[number], cli: PlanCli): Promise<void> {
  switch (command) {
    case 'feedback':
      return feedbackAdd(cli);
    case 'goal':
      return goal(cli);
    case 'check-in':
      return checkIn(cli);
    case 'track':
      return track(cli);
  }
}

async function feedbackAdd(cli: PlanCli): Promise<void> {
  subcommand(cli, 'feedback', ['add']);
  const text = cli.positional.join(' ').trim();
  if (!text) throw new UsageError('feedback add needs their words, e.g. growth-ledger feedback add "Clear design doc" --from "Sam Lee"');
  const from = cli.single.get('from')?.trim();
  if (!from) throw new UsageError('feedback add needs --from NAME: who gave the feedback');
  const kind = cli.single.get('kind') ?? 'praise';
  if (!(FEEDBACK_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be ${FEEDBACK_KINDS.join(' or ')}, got "${kind}"`);
  const date = day(cli.single.get('date'), '--date');
  const { root, notesDir, framework, gitPath } = await cli.context();
  const feedback = await createFeedback(notesDir, { from, text, kind: kind as FeedbackKind, expectations: expectationsOf(cli, framework), date });
  await keepOutOfGit(cli, root, notesDir, gitPath);
  cli.out(`Recorded feedback from ${feedback.from} in ${feedback.file}\n`);
}

async function goal(cli: PlanCli): Promise<void> {
  const sub = subcommand(cli, 'goal', ['add', 'done', 'drop']);
  const { root, notesDir, framework, gitPath } = await cli.context();
  if (sub === 'add') {
    const title = cli.positional.join(' ').trim();
    if (!title) throw new UsageError('goal add needs a title, e.g. growth-ledger goal add "Own the billing service" --due 2027-03-31');
    const due = day(cli.single.get('due'), '--due');
    const created = day(cli.single.get('date'), '--date');
    if (due && due < (created ?? localDate())) throw new UsageError(`--due ${due} is in the past: give a day from the goal's start on`);
    const made = await createGoal(notesDir, {
      title,
      expectations: expectationsOf(cli, framework),
      due: due ?? null,
      created,
      milestones: cli.multi.get('milestone'),
      learningPlan: cli.single.get('plan'),
    });
    await keepOutOfGit(cli, root, notesDir, gitPath);
    cli.out(`Set goal ${made.id} in ${made.file}\n`);
    return;
  }
  const id = cli.positional.join(' ').trim();
  if (!id) throw new UsageError(`goal ${sub} needs the goal's id (growth-ledger analyze --json lists them under goals)`);
  const target = await findGoal(notesDir, id);
  const updated = await updateGoal(target, { status: sub === 'done' ? 'done' : 'dropped' });
  cli.out(`${sub === 'done' ? 'Completed' : 'Dropped'} goal ${updated.id}: ${updated.title}\n`);
}

/** The goal with this id; a broken file with that name is reported as it is, never rewritten. */
async function findGoal(notesDir: string, id: string): Promise<Goal> {
  const { notes, problems } = await readGoals(notesDir);
  const goal = notes.find(g => g.id === id);
  if (goal) return goal;
  const broken = problems.find(p => p.file.endsWith(`${id}.md`));
  if (broken) throw new UsageError(`${broken.message} (fix the goal by hand; it was not changed)`);
  const active = notes.filter(g => g.status === 'active').map(g => g.id);
  throw new UsageError(`no goal "${id}"${active.length ? ` (active goals: ${active.join(', ')})` : ' (there are no active goals)'}`);
}

async function checkIn(cli: PlanCli): Promise<void> {
  if (cli.positional.length) throw new UsageError(`check-in takes no words, got "${cli.positional.join(' ')}"`);
  const date = day(cli.single.get('date'), '--date');
  const analysis = await cli.analysis();
  const { root, notesDir, gitPath } = await cli.context();
  const assessments = prefillCheckIn(analysis.expectations);
  const last = analysis.checkIns[0];
  const made = await createCheckIn(notesDir, { date, assessments });
  await keepOutOfGit(cli, root, notesDir, gitPath);
  cli.out(`Checked in: ${made.file}\n${describeChanges(last, changesSince(last, assessments))}\n`);
}

async function track(cli: PlanCli): Promise<void> {
  subcommand(cli, 'track', ['set']);
  const value = cli.positional.join(' ').trim();
  if (!isTrack(value)) throw new UsageError(`track set needs one of ${TRACKS.join(', ')}${value ? `, got "${value}"` : ''}`);
  const { root, notesDir, gitPath } = await cli.context();
  await setTrack(notesDir, value);
  await keepOutOfGit(cli, root, notesDir, gitPath);
  cli.out(`Track set to ${value}\n`);
}

/** The plan's part of the text summary: the track, active goals with their progress, feedback and the last check-in. */
export function planSummaryLines(a: Analysis): string[] {
  const lines: string[] = [];
  if (a.track) lines.push(`Track: ${TRACK_LABELS[a.track]}`);
  const active = a.goals.filter(g => g.status === 'active');
  if (active.length) lines.push(`Active goals: ${active.length}`);
  for (const g of active) {
    const p = g.progress;
    const milestones = p.milestones ? `${p.milestonesDone} of ${p.milestones} milestones, ` : '';
    lines.push(`  ${g.title}${g.due ? ` (due ${g.due})` : ''}: ${milestones}${p.evidence} pieces of evidence and ${p.wins} wins since ${g.created}`);
  }
  if (a.feedback.length) lines.push(`Feedback received: ${a.feedback.length} (latest from ${a.feedback[0]!.from}, ${a.feedback[0]!.date})`);
  if (a.checkIns.length) lines.push(`Last check-in: ${a.checkIns[0]!.date}`);
  return lines.length ? ['', ...lines] : [];
}
