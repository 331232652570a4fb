import * as vscode from 'vscode';
import { createWin, type Note } from '../core/notes/notesStore';
import { recentCommitsBy } from '../core/git/repository';
import type { Ledger } from './ledger';
import type { Log } from './log';
import { inputStep, pickStep } from './steps';
import { keepNoteOutOfGit } from './keepOutOfGit';

/** What a test or another extension may pass to skip the prompts. */
export interface WinArgs {
  title: string;
  impact?: string;
  expectations?: string[];
  commits?: string[];
}

function isWinArgs(value: unknown): value is WinArgs {
  return typeof value === 'object' && value !== null && typeof (value as WinArgs).title === 'string';
}

/** Words of the title that hint at an expectation's area. */
const HINTS: [RegExp, string[]][] = [
  [/review|feedback|approv/i, ['review']],
  [/mentor|onboard|pair|coach|taught|teach|help/i, ['mentoring']],
  [/own|maintain|migrat|refactor|architect/i, ['ownership']],
  [/ship|launch|deliver|release|led|lead/i, ['delivery']],
  [/bug|fix|incident|outage|root cause|debug|perf/i, ['quality']],
  [/doc|adr|rfc|design|wrote|talk|present/i, ['communication']],
  [/stakeholder|customer|product|negotiat|scope|aligned|conflict|strategy|roadmap/i, ['strategy', 'collaboration']],
];

const STEPS = 4;

/**
 * "Growth: Log a Win": title, impact, the expectations it supports (suggested first) and the commits it rests on
 * (this branch's commits pre-selected), saved as one note file.
 */
export async function logWin(ledger: Ledger, log: Log, args?: unknown): Promise<Note | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: wins are saved in the workspace.'));
    return undefined;
  }
  let win: WinArgs;
  if (isWinArgs(args)) win = args;
  else {
    const title = vscode.l10n.t('Log a Win');
    const name = await inputStep(title, 1, STEPS, vscode.l10n.t('What did you achieve?'), vscode.l10n.t('e.g. Shipped the invoice cache layer'), v =>
      !v.trim() ? vscode.l10n.t('Give the win a title') : v.length > 200 ? vscode.l10n.t('Keep the title under 200 characters') : undefined,
    );
    if (name === undefined) return undefined;
    const impact = await inputStep(
      title,
      2,
      STEPS,
      vscode.l10n.t('What changed because of it? (optional)'),
      vscode.l10n.t('e.g. p95 latency down 40%; unblocked the mobile team'),
    );
    if (impact === undefined) return undefined;

    const { framework } = await ledger.framework();
    const analysis = ledger.lastAnalysis;
    const status = new Map(analysis?.expectations.map(e => [e.id, e.status]) ?? []);
    const hinted = new Set(HINTS.filter(([re]) => re.test(`${name} ${impact}`)).flatMap(([, areas]) => areas));
    const expectationItems = framework.expectations
      .map(e => {
        const suggested = hinted.has(e.area) || (!e.gitVisible && hinted.size === 0);
        const state = status.get(e.id);
        return {
          label: e.title,
          description: [
            e.level === 'mid' ? vscode.l10n.t('Mid-level') : vscode.l10n.t('Senior'),
            suggested ? vscode.l10n.t('suggested') : '',
            state && state !== 'demonstrated' ? vscode.l10n.t('gap') : '',
          ]
            .filter(Boolean)
            .join(' · '),
          detail: e.description,
          id: e.id,
          suggested,
          picked: false,
        };
      })
      .sort((a, b) => Number(b.suggested) - Number(a.suggested));
    const chosen = await pickStep(title, 3, STEPS, vscode.l10n.t('Which expectations does it support? (Space to select, Enter to continue)'), expectationItems);
    if (chosen === undefined) return undefined;

    const repos = await ledger.repositories().catch(() => []);
    const emails = analysis?.identity.emails ?? [];
    const commitItems: (vscode.QuickPickItem & { sha: string })[] = [];
    for (const repo of repos) {
      for (const c of await recentCommitsBy(repo, emails, 30).catch(() => [])) {
        commitItems.push({
          label: c.subject,
          description: `${c.sha.slice(0, 7)} · ${c.date}${c.onBranch ? ` · ${vscode.l10n.t('this branch')}` : ''}`,
          sha: c.sha,
          picked: c.onBranch,
        });
      }
    }
    const commits = commitItems.length
      ? await pickStep(title, 4, STEPS, vscode.l10n.t('Which of your commits does it rest on? (this branch is pre-selected)'), commitItems)
      : [];
    if (commits === undefined) return undefined;
    win = { title: name, impact, expectations: chosen.map(c => c.id), commits: commits.map(c => c.sha) };
  }

  let note: Note;
  try {
    note = await createWin(notesDir, win);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    log.error(`Could not save the win in ${notesDir}: ${String(error)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not save the win in {0} ({1}). Nothing was lost: your other notes are unchanged.', notesDir, reason),
    );
    return undefined;
  }
  log.info(`Logged win ${note.file}`);
  await keepNoteOutOfGit(ledger, log, note.file);
  void ledger.refresh();
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(vscode.l10n.t('Logged win: {0}', note.title), open).then(choice => {
    if (choice === open) void vscode.window.showTextDocument(vscode.Uri.file(note.file));
  });

  return note;
}
