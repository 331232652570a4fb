import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { FileProblem } from '../core/framework/loader';
import { excludeFromGit } from '../core/notes/privacy';
import { isExpectationId, statementFile, updateStatement, type StatementChange } from '../core/notes/statements';
import { renderSelfReview } from '../core/packet/selfReview';
import type { CurateAction } from '../protocol/messages';
import type { Ledger } from './ledger';
import type { Log } from './log';

/** Keeps a statement file out of the team's repository, as wins are (see growthLedger.keepNotesOutOfGit). */
async function keepOutOfGit(ledger: Ledger, log: Log, notesDir: string, file: string): Promise<void> {
  if (!ledger.settings.keepNotesOutOfGit) return;
  const repos = await ledger.repositories().catch(() => []);
  const root = repos.find(r => file.startsWith(r + path.sep));
  if (root) await excludeFromGit(root, notesDir).catch(error => log.warn(`Could not add the notes folder to .git/info/exclude: ${String(error)}`));
}

export async function changeStatement(ledger: Ledger, log: Log, expectation: string, what: StatementChange): Promise<string | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: statements are saved in the workspace.'));
    return undefined;
  }
  try {
    const statement = await updateStatement(notesDir, expectation, what);
    log.info(`Updated ${statement.file}`);
    await keepOutOfGit(ledger, log, notesDir, statement.file);
    return statement.file;
  } catch (error) {
    // A broken file is the person's to fix: say where, and leave it exactly as it is.
    const reason =
      error instanceof FileProblem ? error.message : `${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))}`;
    log.error(`Could not update the statement for ${expectation}: ${reason}`);
    const open = vscode.l10n.t('Open');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Could not update the statement for {0}: {1}. The file was not changed.', expectation, reason),
      ...(error instanceof FileProblem ? [open] : []),
    );
    if (choice === open && error instanceof FileProblem) {
      const line = Math.max(0, error.line - 1);
      await vscode.window.showTextDocument(vscode.Uri.file(error.file), { selection: new vscode.Range(line, 0, line, 0) });
    }
    return undefined;
  }
}

/**
 * Pins an item to lead its expectation in the packet, hides it from the packet (it still counts), or puts it back in
 * ranked order. Only expectations and items of the last analysis: nothing else can be named. Returns the file.
 */
export async function curateEvidence(ledger: Ledger, log: Log, expectation: unknown, commit: unknown, action: unknown): Promise<string | undefined> {
  const result = ledger.lastAnalysis?.expectations.find(x => x.id === expectation);
  const item = result?.items.map(i => ledger.lastAnalysis!.evidence[i]!).find(e => e.commit === commit);
  if (!result || !item || (action !== 'pin' && action !== 'hide' && action !== 'reset')) return undefined;
  const what: Record<CurateAction, StatementChange> = { pin: { pin: [item.commit] }, hide: { hide: [item.commit] }, reset: { reset: [item.commit] } };
  const file = await changeStatement(ledger, log, result.id, what[action]);
  if (file) void ledger.refresh();
  return file;
}

/**
 * The expectation a statement command is for: the one named, when the framework has it, else the person's pick (with
 * which are written and demonstrated). Undefined when they close the pick.
 */
export async function pickExpectation(ledger: Ledger, expectationArg: unknown, title: string): Promise<string | undefined> {
  const expectation = typeof expectationArg === 'string' && isExpectationId(expectationArg) ? expectationArg : undefined;
  const { framework } = await ledger.framework();
  if (expectation && framework.expectations.some(e => e.id === expectation)) return expectation;
  const status = new Map(ledger.lastAnalysis?.expectations.map(e => [e.id, e.status]) ?? []);
  const written = new Set(ledger.lastAnalysis?.statements.filter(s => s.text).map(s => s.expectation) ?? []);
  const choice = await vscode.window.showQuickPick(
    framework.expectations.map(e => ({
      label: e.title,
      description: [
        e.level === 'mid' ? vscode.l10n.t('Mid-level') : vscode.l10n.t('Senior'),
        written.has(e.id) ? vscode.l10n.t('written') : '',
        status.get(e.id) === 'demonstrated' ? vscode.l10n.t('demonstrated') : '',
      ]
        .filter(Boolean)
        .join(' · '),
      id: e.id,
    })),
    { title, placeHolder: vscode.l10n.t('Which expectation is the statement for?'), matchOnDescription: true },
  );
  return choice?.id;
}

/** "Growth: Write Statement": opens the expectation's statement file (made first if need be), asking which when not given. */
export async function writeStatement(ledger: Ledger, log: Log, expectationArg?: unknown): Promise<string | undefined> {
  const expectation = await pickExpectation(ledger, expectationArg, vscode.l10n.t('Write Statement'));
  if (!expectation) return undefined;
  const notesDir = ledger.notesDir();
  const file = notesDir && statementFile(notesDir, expectation);
  // An existing file is opened as it is, broken or not; only a missing one is made.
  const exists = file
    ? await vscode.workspace.fs.stat(vscode.Uri.file(file)).then(
        () => true,
        () => false,
      )
    : false;
  const opened = exists ? file : await changeStatement(ledger, log, expectation, {});
  if (!opened) return undefined;
  // The cursor is placed as the editor opens, not after: someone who starts typing at once types after the front matter.
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(opened));
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(end, end) });
  return opened;
}

/** The analysis a command works from (the scan under way, the last one, or a fresh one), under a cancellable notification. */
export function analysisWithProgress(ledger: Ledger, title: string): Thenable<Analysis | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    token.onCancellationRequested(() => ledger.cancel());
    return ledger.ensureAnalysis();
  });
}

/**
 * "Growth: Copy Self-Review": per expectation, my statement and its strongest evidence as plain text, each at most
 * growthLedger.selfReviewLimit characters, on the clipboard. Returns the text.
 */
export async function copySelfReview(ledger: Ledger): Promise<string | undefined> {
  const analysis = await analysisWithProgress(ledger, vscode.l10n.t('Growth Ledger: preparing the self-review'));
  if (!analysis) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Nothing copied: {0}', ledger.current.message ?? vscode.l10n.t('there is no analysis yet.')));
    return undefined;
  }
  const limit = ledger.settings.selfReviewLimit;
  const text = renderSelfReview(analysis, limit);
  await vscode.env.clipboard.writeText(text);
  const blocks = text.trim().split('\n\n').length - 1;
  void vscode.window.showInformationMessage(
    blocks === 1
      ? vscode.l10n.t(
          'Copied the self-review: {0} expectation, each at most {1} characters (setting Growth Ledger: Self Review Limit).',
          blocks,
          limit.toLocaleString('en-US'),
        )
      : vscode.l10n.t(
          'Copied the self-review: {0} expectations, each at most {1} characters (setting Growth Ledger: Self Review Limit).',
          blocks,
          limit.toLocaleString('en-US'),
        ),
  );
  return text;
}
