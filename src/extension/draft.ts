import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { draftInput, type DraftInput } from '../core/draft/input';
import { draftPrompt, MAX_DRAFT_CHARS } from '../core/draft/prompt';
import {
  draftSection,
  runDraftFlow,
  type ChatModelLike,
  type ConsentAnswer,
  type DraftFailure,
  type DraftFlowDeps,
  type DraftFlowResult,
  type Placement,
} from '../core/draft/request';
import { templateDraft } from '../core/draft/template';
import { isExpectationId, readStatements, statementFile } from '../core/notes/statements';
import type { Ledger } from './ledger';
import type { Log } from './log';
import { SentTextProvider } from './sentText';
import { analysisWithProgress, changeStatement, pickExpectation } from './statements';

/** One of the editor's chat models, as drafting uses it: one user message, the reply's text fragments. */
export function adaptModel(model: vscode.LanguageModelChat): ChatModelLike {
  return {
    name: model.name,
    vendor: model.vendor,
    sendRequest: async (prompt, token) =>
      model.sendRequest(
        [vscode.LanguageModelChatMessage.User(prompt)],
        { justification: vscode.l10n.t('Growth Ledger drafts a promotion statement from the evidence you agreed to send.') },
        token as vscode.CancellationToken,
      ),
  };
}

/**
 * The model to draft with: one of the family growthLedger.languageModel.family names when there is one, else the
 * first the editor offers. Undefined when it offers none (code-server, no chat extension installed).
 */
export async function chooseModel(family: string): Promise<ChatModelLike | undefined> {
  try {
    const preferred = family ? await vscode.lm.selectChatModels({ family }) : [];
    const models = preferred.length ? preferred : await vscode.lm.selectChatModels();
    return models[0] && adaptModel(models[0]);
  } catch {
    return undefined;
  }
}

/** What went wrong, and what to do next, for each way a model draft can fail. */
export function failureMessage(why: 'noModel' | DraftFailure, detail: string): string {
  switch (why) {
    case 'noModel':
      return vscode.l10n.t(
        'No language model is available in this editor (a chat extension such as GitHub Copilot provides one). Growth Ledger can write a template draft from your ranked evidence instead, on this machine.',
      );
    case 'noPermission':
      return vscode.l10n.t(
        'Growth Ledger is not allowed to use this language model. Allow it (Accounts menu, Manage Language Model Access) and draft again, or write a template draft instead.',
      );
    case 'blocked':
      return vscode.l10n.t(
        'The language model refused the request, often because of a quota or rate limit. Try again later, or write a template draft instead.',
      );
    case 'notFound':
      return vscode.l10n.t('The language model is no longer available. Draft again to use another, or write a template draft instead.');
    case 'offTopic':
      return vscode.l10n.t('The language model declined to write this draft. Write a template draft instead, or the statement in your own words.');
    case 'empty':
      return vscode.l10n.t('The language model answered with nothing usable. Draft again, or write a template draft instead.');
    case 'cancelled':
      return vscode.l10n.t('Drafting was cancelled; nothing was written.');
    case 'failed':
      return vscode.l10n.t('The language model request failed{0}. Draft again, or write a template draft instead.', detail ? `: ${detail}` : '');
  }
}

/** Today as YYYY-MM-DD in local time: the date a draft section is marked with. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function currentStatementText(ledger: Ledger, expectation: string): Promise<string> {
  const notesDir = ledger.notesDir();
  if (!notesDir) return '';
  const file = statementFile(notesDir, expectation);
  const { statements, problems } = await readStatements(notesDir);
  // A broken file counts as written: the person is asked, and the write then reports the problem without touching it.
  if (problems.some(p => p.file === file)) return '\u2026';
  return statements.find(s => s.file === file)?.text ?? '';
}

async function askPlacement(title: string): Promise<Exclude<Placement, 'new'> | undefined> {
  const below = vscode.l10n.t('Add Below It');
  const replace = vscode.l10n.t('Replace It');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('You have already written a statement for "{0}".', title),
    {
      modal: true,
      detail: vscode.l10n.t('Add the draft below your statement, in a section marked as a draft, or replace your statement with it?'),
    },
    below,
    replace,
  );
  return choice === below ? 'append' : choice === replace ? 'replace' : undefined;
}

/**
 * Writes a draft into the statement file through the statements store (atomic; pinned, hidden and unknown fields
 * kept), refusing while the file has unsaved edits in an editor, then opens it for the person to make it theirs.
 */
export async function saveDraft(
  ledger: Ledger,
  log: Log,
  expectation: string,
  draft: string,
  placement: Placement,
  source: string,
): Promise<string | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: statements are saved in the workspace.'));
    return undefined;
  }
  const file = statementFile(notesDir, expectation);
  const open = vscode.workspace.textDocuments.find(d => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open?.isDirty) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The statement for {0} has unsaved changes in an editor: save them first, then draft again. Nothing was written.', expectation),
    );
    return undefined;
  }
  const written = await changeStatement(
    ledger,
    log,
    expectation,
    placement === 'replace' ? { text: draft } : { append: placement === 'append' ? draftSection(draft, source, today()) : draft },
  );
  if (!written) return undefined;
  log.info(`Drafted the statement for ${expectation} (${source === 'template' ? 'template' : `language model ${source}`})`);
  await vscode.window.showTextDocument(vscode.Uri.file(written), { preview: false });
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Draft written to your statement. Read it and put it in your own words: it goes into the packet as it stands.'),
  );
  void ledger.refresh();
  return written;
}

/** The analysis a draft is built from: the last one, or a fresh one under a cancellable progress notification. */
export async function analysisForDraft(ledger: Ledger): Promise<Analysis | undefined> {
  return ledger.lastAnalysis ?? analysisWithProgress(ledger, vscode.l10n.t('Growth Ledger: analysing your history'));
}

function consentText(model: ChatModelLike, input: DraftInput): { message: string; detail: string } {
  return {
    message: vscode.l10n.t('Send your evidence for "{0}" to {1} to draft a statement?', input.expectation.title, model.name),
    detail: vscode.l10n.t(
      "Growth Ledger sends {0} ({1}) the expectation's title and description and {2} pieces of your ranked evidence: their summaries, commit subjects, short SHAs, dates and figures (lines, commits, months, people, areas). No code, diffs, file contents or email addresses. The draft comes back to your statement file only.",
      model.name,
      model.vendor,
      String(input.evidence.length),
    ),
  };
}

/** The editor's side of the Draft Statement flow (see runDraftFlow). */
function editorDeps(ledger: Ledger, log: Log, input: DraftInput, prompt: string, model?: vscode.LanguageModelChat): DraftFlowDeps {
  const send = vscode.l10n.t('Send');
  const show = vscode.l10n.t('Show Exactly What Is Sent');
  return {
    chooseModel: async () => (model ? adaptModel(model) : chooseModel(ledger.settings.languageModelFamily)),
    askConsent: async (model): Promise<ConsentAnswer> => {
      const { message, detail } = consentText(model, input);
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, send, show);
      return choice === send ? 'send' : choice === show ? 'show' : undefined;
    },
    showWhatIsSent: () => SentTextProvider.show(`draft-${input.expectation.id}`, prompt),
    offerTemplate: async (why, detail) => {
      const template = vscode.l10n.t('Write Template Draft');
      const message = failureMessage(why, detail);
      const choice =
        why === 'noModel' ? await vscode.window.showInformationMessage(message, template) : await vscode.window.showWarningMessage(message, template);
      return choice === template;
    },
    withProgress: async (model, run) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Drafting the statement with {0}', model.name), cancellable: true },
        (_progress, token) => run(token),
      ),
    currentText: () => currentStatementText(ledger, input.expectation.id),
    askPlacement: () => askPlacement(input.expectation.title),
    save: (draft, placement, source) => saveDraft(ledger, log, input.expectation.id, draft, placement, source),
  };
}

/**
 * "Growth: Draft Statement": a first draft of an expectation's statement from its ranked evidence, by a language model
 * (only after the person agrees to what is sent) or, where there is none or they prefer it, by the template. The
 * draft lands in the statement file for them to edit; an existing statement changes only as they choose. `model`
 * stands in for the editor's choice (the extension's tests give one, since the editor they run in has none).
 */
export async function draftStatement(
  ledger: Ledger,
  log: Log,
  expectationArg?: unknown,
  model?: vscode.LanguageModelChat,
): Promise<DraftFlowResult | undefined> {
  const expectation = await pickExpectation(ledger, expectationArg, vscode.l10n.t('Draft Statement'));
  if (!expectation) return undefined;
  const analysis = await analysisForDraft(ledger);
  if (!analysis) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No draft: {0}', ledger.current.message ?? vscode.l10n.t('there is no analysis yet.')));
    return undefined;
  }
  const input = draftInput(analysis, expectation);
  if (!input) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No draft: the analysis has no expectation "{0}". Refresh and try again.', expectation));
    return undefined;
  }
  const prompt = draftPrompt(input);
  const result = await runDraftFlow(editorDeps(ledger, log, input, prompt, model), prompt, () => templateDraft(input));
  if (result.stopped === 'cancelled') void vscode.window.showInformationMessage(failureMessage('cancelled', ''));
  return result;
}

/**
 * Saves a draft the chat view wrote (its "Save to Statement" button): asks before touching a statement that exists.
 * Only an expectation of the framework, and text of a statement's size, are accepted.
 */
export async function saveChatDraft(ledger: Ledger, log: Log, expectation: unknown, text: unknown, source: unknown): Promise<string | undefined> {
  if (typeof expectation !== 'string' || !isExpectationId(expectation) || typeof text !== 'string' || !text.trim() || text.length > MAX_DRAFT_CHARS)
    return undefined;
  const { framework } = await ledger.framework();
  const known = framework.expectations.find(e => e.id === expectation);
  if (!known) return undefined;
  let placement: Placement = 'new';
  if ((await currentStatementText(ledger, expectation)).trim()) {
    const asked = await askPlacement(known.title);
    if (!asked) return undefined;
    placement = asked;
  }
  const name = typeof source === 'string' && source.trim() ? source.trim().slice(0, 80) : vscode.l10n.t('language model');
  return saveDraft(ledger, log, expectation, text, placement, name);
}
