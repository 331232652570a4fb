import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { draftInput, matchExpectations, rankedEvidenceText, strongestOverall, type DraftEvidence } from '../core/draft/input';
import { draftPrompt, questionPrompt } from '../core/draft/prompt';
import { requestDraft } from '../core/draft/request';
import { periodLabel } from '../core/packet/model';
import { escapeMarkdown } from '../core/packet/text';
import { COMMANDS } from './commands';
import { adaptModel, failureMessage } from './draft';
import type { Ledger } from './ledger';

/** Items `/evidence` lists per expectation, and the tool gives by default. */
const LISTED = 5;
/** The most the tool gives, whatever the model asks for. */
export const TOOL_LIMIT = 20;

/**
 * The analysis a chat answer or the tool uses: the last one, or a fresh one (git runs only through the ledger, which
 * runs none in an untrusted workspace). Undefined with the reason when there is none.
 */
async function analysisOrReason(ledger: Ledger, progress?: (message: string) => void): Promise<{ analysis?: Analysis; reason: string }> {
  if (ledger.lastAnalysis) return { analysis: ledger.lastAnalysis, reason: '' };
  if (!vscode.workspace.isTrusted) {
    return {
      reason: vscode.l10n.t(
        'Growth Ledger does not run git in an untrusted workspace, so there is no evidence to show. Trust this workspace to analyse its history.',
      ),
    };
  }
  progress?.(ledger.current.phase === 'scanning' ? vscode.l10n.t('Waiting for the scan to finish…') : vscode.l10n.t('Analysing your history…'));
  const analysis = await ledger.ensureAnalysis();
  return analysis
    ? { analysis, reason: '' }
    : { reason: ledger.current.message ?? vscode.l10n.t('There is no analysis yet: open a git repository and refresh the Growth panel.') };
}

/** A commit reference that opens the commit through Growth Ledger's own commit view. */
function commitLink(e: DraftEvidence): string {
  if (e.signal === 'win.logged') return vscode.l10n.t('logged win');
  if (!/^[0-9a-f]{7,64}$/i.test(e.commit) || !e.repo) return `\`${escapeMarkdown(e.ref)}\``;
  const args = encodeURIComponent(JSON.stringify([e.repo, e.commit]));
  return `[\`${e.ref}\`](command:${COMMANDS.openCommit.id}?${args} "${vscode.l10n.t('Open the commit')}")`;
}

function evidenceMarkdown(items: DraftEvidence[], supports?: string[][]): string {
  return items
    .map((e, i) => {
      const figures = e.figures ? ` (${escapeMarkdown(e.figures)})` : '';
      const also = supports?.[i]?.length ? ` — ${escapeMarkdown(supports[i]!.join('; '))}` : '';
      return `${i + 1}. ${escapeMarkdown(e.summary)}${figures} · ${commitLink(e)}, ${e.date}${also}`;
    })
    .join('\n');
}

/** Markdown whose only links are commands to open commits: commit text in it is escaped, so it cannot add others. */
function trusted(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = { enabledCommands: [COMMANDS.openCommit.id] };
  return md;
}

function expectationsList(analysis: Analysis): string {
  return analysis.expectations.map(x => `- \`${x.id}\` ${escapeMarkdown(x.title)}`).join('\n');
}

function showEvidence(analysis: Analysis, query: string, stream: vscode.ChatResponseStream): void {
  const ids = query ? matchExpectations(analysis.expectations, query).slice(0, 3) : [];
  if (query && ids.length === 0) {
    stream.markdown(vscode.l10n.t('No expectation matches "{0}". Name one of these:', escapeMarkdown(query, 100)) + `\n\n${expectationsList(analysis)}\n`);
    return;
  }
  if (ids.length === 0) {
    const { items } = strongestOverall(analysis, LISTED);
    stream.markdown(
      trusted(
        `**${vscode.l10n.t('Your strongest evidence across all expectations')}**\n\n${evidenceMarkdown(
          items,
          items.map(i => i.supports),
        )}\n`,
      ),
    );
    return;
  }
  for (const id of ids) {
    const input = draftInput(analysis, id, LISTED)!;
    const x = input.expectation;
    const status = { demonstrated: vscode.l10n.t('demonstrated'), partial: vscode.l10n.t('partial'), none: vscode.l10n.t('no evidence yet') }[x.status];
    const head = `**${escapeMarkdown(x.title)}**: ${vscode.l10n.t('{0} of {1} pieces of evidence ({2})', String(x.evidence), String(x.demonstratedAt), status)}`;
    const body = input.evidence.length ? evidenceMarkdown(input.evidence) : vscode.l10n.t('No evidence in this period yet.');
    const more = input.more ? `\n\n${vscode.l10n.t('{0} more in the Growth panel.', String(input.more))}` : '';
    stream.markdown(trusted(`${head}\n\n${body}${more}\n\n`));
  }
}

async function draft(analysis: Analysis, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<void> {
  const query = request.prompt.trim();
  const id = query ? matchExpectations(analysis.expectations, query)[0] : undefined;
  if (!id) {
    stream.markdown(vscode.l10n.t('Which expectation? Write `/draft` and one of these:') + `\n\n${expectationsList(analysis)}\n`);
    return;
  }
  const input = draftInput(analysis, id)!;
  stream.progress(
    vscode.l10n.t(
      'Sending {0} the expectation and {1} evidence summaries (no code, diffs or email addresses)…',
      request.model.name,
      String(input.evidence.length),
    ),
  );
  stream.markdown(`**${escapeMarkdown(input.expectation.title)}**\n\n`);
  const outcome = await requestDraft(adaptModel(request.model), draftPrompt(input), token, fragment => stream.markdown(fragment));
  if (!outcome.ok) {
    stream.markdown(`\n\n${escapeMarkdown(failureMessage(outcome.failure, outcome.detail), 1000)}`);
    if (outcome.failure !== 'cancelled') stream.button({ command: COMMANDS.draftStatement.id, arguments: [id], title: vscode.l10n.t('Draft Statement…') });
    return;
  }
  stream.markdown(`\n\n${vscode.l10n.t('Nothing is saved until you choose to.')}`);
  stream.button({ command: COMMANDS.saveStatementDraft.id, arguments: [id, outcome.text, request.model.name], title: vscode.l10n.t('Save to Statement') });
}

async function answer(analysis: Analysis, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<void> {
  const question = request.prompt.trim();
  if (!question) {
    showEvidence(analysis, '', stream);
    return;
  }
  const ids = matchExpectations(analysis.expectations, question).slice(0, 3);
  const context = ids.length
    ? ids.map(id => {
        const input = draftInput(analysis, id, LISTED)!;
        return { title: input.expectation.title, evidence: input.evidence };
      })
    : [{ title: vscode.l10n.t('All expectations'), evidence: strongestOverall(analysis, LISTED).items }];
  const outcome = await requestDraft(adaptModel(request.model), questionPrompt(question, context, periodLabel(analysis.period)), token, fragment =>
    stream.markdown(fragment),
  );
  if (!outcome.ok && outcome.failure !== 'cancelled') stream.markdown(escapeMarkdown(failureMessage(outcome.failure, outcome.detail), 1000));
  if (outcome.ok || outcome.failure !== 'cancelled') {
    stream.markdown('\n\n');
    for (const c of context) stream.markdown(trusted(`**${escapeMarkdown(c.title)}**\n\n${evidenceMarkdown(c.evidence)}\n\n`));
  }
}

/** `@growth`: `/evidence` lists the ranked evidence, `/draft` drafts a statement, anything else is a question about it. */
export async function handleChatRequest(
  ledger: Ledger,
  request: vscode.ChatRequest,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const { analysis, reason } = await analysisOrReason(ledger, message => stream.progress(message));
  if (!analysis) {
    stream.markdown(escapeMarkdown(reason, 2000));
    return { metadata: { command: request.command ?? '' } };
  }
  if (request.command === 'evidence') showEvidence(analysis, request.prompt.trim(), stream);
  else if (request.command === 'draft') await draft(analysis, request, stream, token);
  else await answer(analysis, request, stream, token);
  return { metadata: { command: request.command ?? '' } };
}

export interface RankedEvidenceInput {
  expectation?: string;
  limit?: number;
}

function limitOf(input: RankedEvidenceInput): number {
  return typeof input.limit === 'number' && Number.isFinite(input.limit) ? Math.min(TOOL_LIMIT, Math.max(1, Math.floor(input.limit))) : LISTED;
}

/**
 * The growthLedger_rankedEvidence tool: the ranked evidence for an expectation (or the strongest across all) as text,
 * after the person confirms that it goes to the chat model.
 */
export function rankedEvidenceTool(ledger: Ledger): vscode.LanguageModelTool<RankedEvidenceInput> {
  return {
    prepareInvocation(options) {
      const expectation = typeof options.input.expectation === 'string' ? options.input.expectation.trim().slice(0, 100) : '';
      const what = expectation
        ? vscode.l10n.t('your ranked evidence for "{0}"', expectation)
        : vscode.l10n.t('your strongest evidence across all expectations');
      return {
        invocationMessage: vscode.l10n.t('Reading {0} from Growth Ledger', what),
        confirmationMessages: {
          title: vscode.l10n.t('Give the chat model {0}?', what),
          message: new vscode.MarkdownString(
            vscode.l10n.t(
              'Up to {0} items: their summaries, commit subjects, short SHAs, dates and figures. No code, diffs, file contents or email addresses.',
              String(limitOf(options.input)),
            ),
          ),
        },
      };
    },
    async invoke(options) {
      const { analysis, reason } = await analysisOrReason(ledger);
      const expectation = typeof options.input.expectation === 'string' ? options.input.expectation : undefined;
      const text = analysis ? rankedEvidenceText(analysis, expectation, limitOf(options.input)) : `No analysis: ${reason}`;
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
    },
  };
}
