import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { CHAT_PARTICIPANT_ID, COMMANDS, RANKED_EVIDENCE_TOOL, VIEW_ID, type Command, type CommandContext } from './commands';
import { Ledger } from './ledger';
import { createLog } from './log';
import { GrowthPanel } from './panel';
import { CommitContentProvider, SCHEME } from './commitView';
import { watchWorkspace } from './watchers';
import { registerWinViews } from './winViews';
import { SENT_TEXT_SCHEME, SentTextProvider } from './sentText';
import type { RankedEvidenceInput } from './chat';
import type { DraftFlowResult } from '../core/draft/request';

/** What the extension exports, for its integration tests and for other extensions. */
export interface GrowthLedgerApi {
  ledger: Ledger;
  /** The growthLedger_rankedEvidence language-model tool, as registered: the ranked evidence as text. */
  rankedEvidenceTool: vscode.LanguageModelTool<RankedEvidenceInput>;
  /** The `@growth` chat participant's request handler, as registered. */
  chatHandler: vscode.ChatRequestHandler;
  /** Growth: Draft Statement with the given model in place of the editor's (which the editor the tests run in lacks). */
  draftStatementWith: (expectation: string, model: vscode.LanguageModelChat) => Promise<DraftFlowResult | undefined>;
}

/**
 * Cheap by design: registers the view, commands and watchers; no git runs until the panel opens or a command asks.
 */
export function activate(context: vscode.ExtensionContext): GrowthLedgerApi {
  // The modules shared with the panel and the tests (the period and track labels) translate through @vscode/l10n;
  // it reads the same bundle VS Code loaded for vscode.l10n.t (none in English, where the text is its own key).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = createLog();

  const ledger = new Ledger(log, {
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath,
    // Built beside this bundle; started only when a scan runs.
    scanWorker: path.join(__dirname, 'scanWorker.js'),
  });
  const panel = new GrowthPanel(context.extensionUri, ledger, log);
  context.subscriptions.push(log, ledger, panel);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(VIEW_ID, panel));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, new CommitContentProvider()));
  for (const command of Object.values(COMMANDS)) context.subscriptions.push(register(command, { ledger, log }));
  context.subscriptions.push(watchWorkspace(ledger, () => panel.markStale()));
  context.subscriptions.push(registerWinViews(ledger));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SENT_TEXT_SCHEME, new SentTextProvider()));
  const { rankedEvidenceTool, chatHandler } = registerChat(context, ledger);
  const draftStatementWith = async (expectation: string, model: vscode.LanguageModelChat) =>
    (await import('./draft')).draftStatement(ledger, log, expectation, model);
  return { ledger, rankedEvidenceTool, chatHandler, draftStatementWith };
}

export function deactivate(): void {}

/**
 * The `@growth` chat participant and the ranked-evidence tool. Their code loads when first used; an editor without the
 * chat API (or its language-model tools) simply has neither.
 */
function registerChat(
  context: vscode.ExtensionContext,
  ledger: Ledger,
): { rankedEvidenceTool: vscode.LanguageModelTool<RankedEvidenceInput>; chatHandler: vscode.ChatRequestHandler } {
  const chat = () => import('./chat');
  const chatHandler: vscode.ChatRequestHandler = async (request, _context, stream, token) => (await chat()).handleChatRequest(ledger, request, stream, token);
  if (typeof vscode.chat?.createChatParticipant === 'function') {
    const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, chatHandler);
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'growth-ledger.svg');
    context.subscriptions.push(participant);
  }
  const tool: vscode.LanguageModelTool<RankedEvidenceInput> = {
    prepareInvocation: async (options, token) => (await chat()).rankedEvidenceTool(ledger).prepareInvocation!(options, token),
    invoke: async (options, token) => (await chat()).rankedEvidenceTool(ledger).invoke(options, token),
  };
  if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(vscode.lm.registerTool(RANKED_EVIDENCE_TOOL, tool));
  return { rankedEvidenceTool: tool, chatHandler };
}

function register(command: Command, context: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand(command.id, (...args: unknown[]) =>
    command.needsTrust && !vscode.workspace.isTrusted ? undefined : command.run(context, ...args),
  );
}
