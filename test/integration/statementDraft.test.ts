// Draft Statement, the ranked-evidence tool and the chat contributions in a real extension host. code-server has no
// language model, so this is the path most editors without a chat extension take: Growth Ledger says so and offers
// the template. The notification and dialog answers a person would click are given by replacing the window's message
// functions for the length of one command (the extension and these tests share one `vscode` API object).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GrowthLedgerApi } from '../../src/extension/extension';

const EXT_ID = 'growth-ledger.growth-ledger';
const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const statement = (id: string) => path.join(root(), '.growth', 'statements', `${id}.md`);

type MessageFunction = 'showInformationMessage' | 'showWarningMessage';

/** Answers every message of the kind with `answer(message, buttons)`, recording what was shown, until restored. */
function answering(kind: MessageFunction, answer: (message: string, buttons: string[]) => string | undefined) {
  const window = vscode.window as unknown as Record<MessageFunction, unknown>;
  const original = window[kind];
  const shown: { message: string; buttons: string[]; modal: boolean }[] = [];
  window[kind] = async (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as vscode.MessageOptions) : {};
    const buttons = rest.filter((b): b is string => typeof b === 'string');
    shown.push({ message, buttons, modal: !!options.modal });
    return answer(message, buttons);
  };
  return { shown, restore: () => (window[kind] = original) };
}

/** Bytes and modification time: what "nothing was written" means. */
function snapshot(file: string): string {
  if (!fs.existsSync(file)) return 'absent';
  return `${fs.statSync(file).mtimeMs} ${fs.readFileSync(file).toString('base64')}`;
}

/** A language model, which code-server cannot have: it records each prompt and streams the fragments it was given. */
function fakeModel(fragments: string[], fail?: Error) {
  const prompts: string[] = [];
  const model = {
    id: 'fake',
    name: 'Fake Model',
    vendor: 'tests',
    family: 'fake',
    version: '1',
    maxInputTokens: 100000,
    countTokens: async () => 0,
    sendRequest: async (messages: vscode.LanguageModelChatMessage[]) => {
      prompts.push(messages.map(m => m.content.map(p => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('')).join('\n'));
      if (fail) throw fail;
      return {
        text: (async function* () {
          yield* fragments;
        })(),
        stream: (async function* () {})(),
      };
    },
  };
  return { model: model as unknown as vscode.LanguageModelChat, prompts };
}

/** What the chat view would show: the Markdown (as text), the progress lines and the buttons, in order. */
function recordingStream() {
  const markdown: (string | vscode.MarkdownString)[] = [];
  const buttons: vscode.Command[] = [];
  const progress: string[] = [];
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => void markdown.push(value),
    progress: (value: string) => void progress.push(value),
    button: (command: vscode.Command) => void buttons.push(command),
    anchor: () => undefined,
    reference: () => undefined,
    filetree: () => undefined,
    push: () => undefined,
  };
  const text = () => markdown.map(m => (typeof m === 'string' ? m : m.value)).join('');
  return { stream: stream as unknown as vscode.ChatResponseStream, markdown, buttons, progress, text };
}

function chatRequest(command: string | undefined, prompt: string, model: vscode.LanguageModelChat): vscode.ChatRequest {
  return { command, prompt, model, references: [], toolReferences: [], toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
}

suite('Draft Statement and the chat contributions', function () {
  this.timeout(60000);
  let api: GrowthLedgerApi;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<GrowthLedgerApi>(EXT_ID)!.activate();
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);
    assert.ok(await api.ledger.refresh(), 'an analysis of the sample repository');
    assert.deepStrictEqual(await vscode.lm.selectChatModels(), [], 'this editor offers no language model');
  });

  test('with no model it says so and offers the template: dismissed, nothing is written; chosen, the template is', async () => {
    const file = statement('mid.review');
    fs.rmSync(file, { force: true });
    const dismiss = answering('showInformationMessage', () => undefined);
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('growthLedger.draftStatement', 'mid.review');
    } finally {
      dismiss.restore();
    }
    assert.deepStrictEqual(result, { stopped: 'noModel' });
    assert.match(dismiss.shown[0]?.message ?? '', /^No language model is available in this editor/);
    assert.deepStrictEqual(dismiss.shown[0]?.buttons, ['Write Template Draft']);
    assert.strictEqual(snapshot(file), 'absent', 'dismissing writes nothing');

    const choose = answering('showInformationMessage', (_m, buttons) => (buttons.includes('Write Template Draft') ? 'Write Template Draft' : undefined));
    try {
      result = await vscode.commands.executeCommand('growthLedger.draftStatement', 'mid.review');
    } finally {
      choose.restore();
    }
    assert.deepStrictEqual(result, { file, source: 'template' });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^---\n[\s\S]*pinned: \[\]\nhidden: \[\]\n---\n\n.+: I have (shown|started to show) this over the whole history/);
    // Every short SHA the draft cites is a commit of this repository, as git itself says.
    const cited = [...text.matchAll(/\[([0-9a-f]{7}), (\d{4}-\d{2}-\d{2})\]/g)];
    assert.ok(cited.length >= 1, text);
    for (const [, sha, date] of cited) {
      assert.strictEqual(execFileSync('git', ['log', '-1', '--format=%ad', '--date=short', sha!], { cwd: root(), encoding: 'utf8' }).trim(), date, sha);
    }
    assert.ok(!/@/.test(text), 'no email address in the draft');
  });

  test('an existing statement is asked about: kept when the question is dismissed, the draft added below when chosen', async () => {
    const file = statement('senior.review');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '---\npinned: [ abc1234 ]\nhidden: []\nreviewer: Priya # asked in March\n---\n\nMy own words.\n');
    const before = snapshot(file);
    const template = answering('showInformationMessage', (_m, buttons) => (buttons.includes('Write Template Draft') ? 'Write Template Draft' : undefined));
    const keep = answering('showWarningMessage', () => undefined);
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('growthLedger.draftStatement', 'senior.review'), { stopped: 'keptExisting' });
      assert.ok(keep.shown[0]?.modal, 'the question is a modal dialog');
      assert.deepStrictEqual(keep.shown[0]?.buttons, ['Add Below It', 'Replace It']);
      assert.strictEqual(snapshot(file), before, 'the statement file keeps its bytes and modification time');
    } finally {
      keep.restore();
    }
    const below = answering('showWarningMessage', (_m, buttons) => (buttons.includes('Add Below It') ? 'Add Below It' : undefined));
    try {
      assert.deepStrictEqual(await vscode.commands.executeCommand('growthLedger.draftStatement', 'senior.review'), { file, source: 'template' });
    } finally {
      below.restore();
      template.restore();
    }
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /reviewer: Priya # asked in March/);
    assert.match(text, /pinned: \[ abc1234 \]/);
    assert.match(
      text,
      /\n---\n\nMy own words\.\n\n## Draft \(template, \d{4}-\d{2}-\d{2}\): edit it into your statement above, then delete this section\n\n.+: I have/,
    );
  });

  test('with a model, the consent dialog comes first: refused, nothing is sent or written; shown, the exact prompt opens; agreed, the draft is saved', async () => {
    const file = statement('mid.ownership');
    fs.rmSync(file, { force: true });
    const fake = fakeModel(['I own ', 'the billing service [1a2b3c4].']);
    const refuse = answering('showWarningMessage', () => undefined);
    try {
      assert.deepStrictEqual(await api.draftStatementWith('mid.ownership', fake.model), { stopped: 'declined' });
    } finally {
      refuse.restore();
    }
    const consent = refuse.shown[0];
    assert.ok(consent?.modal, 'the consent question is a modal dialog');
    assert.match(consent.message, /^Send your evidence for ".+" to Fake Model to draft a statement\?$/);
    assert.deepStrictEqual(consent.buttons, ['Send', 'Show Exactly What Is Sent']);
    assert.deepStrictEqual(fake.prompts, [], 'nothing reached the model');
    assert.strictEqual(snapshot(file), 'absent', 'nothing was written');

    // "Show Exactly What Is Sent", then no: the prompt opens as a document, and still nothing is sent.
    let asked = 0;
    const show = answering('showWarningMessage', (_m, buttons) => (buttons.includes('Send') && asked++ === 0 ? 'Show Exactly What Is Sent' : undefined));
    try {
      assert.deepStrictEqual(await api.draftStatementWith('mid.ownership', fake.model), { stopped: 'declined' });
    } finally {
      show.restore();
    }
    const shownPrompt = vscode.workspace.textDocuments.find(d => d.uri.scheme !== 'file' && d.uri.path.includes('draft-mid.ownership'));
    assert.ok(shownPrompt, 'the prompt opened as a document');
    assert.match(shownPrompt.getText(), /Expectation: .+\nWhat it asks: /);
    assert.ok(!/@/.test(shownPrompt.getText()) && !shownPrompt.getText().includes(root()), 'no address or path in what would be sent');
    assert.deepStrictEqual(fake.prompts, [], 'showing it sent nothing');
    assert.strictEqual(snapshot(file), 'absent');

    const agree = answering('showWarningMessage', (_m, buttons) => (buttons.includes('Send') ? 'Send' : undefined));
    try {
      assert.deepStrictEqual(await api.draftStatementWith('mid.ownership', fake.model), { file, source: 'model' });
    } finally {
      agree.restore();
    }
    assert.deepStrictEqual(fake.prompts, [shownPrompt.getText()], 'the model got exactly the text that was shown');
    assert.match(fs.readFileSync(file, 'utf8'), /\n---\n\nI own the billing service \[1a2b3c4\]\.\n?$/);
  });

  test('the ranked-evidence tool is registered and answers with the ranked evidence of this repository', async () => {
    assert.ok(
      vscode.lm.tools.some(t => t.name === 'growthLedger_rankedEvidence'),
      'growthLedger_rankedEvidence is among the tools',
    );
    const token = new vscode.CancellationTokenSource().token;
    const tool = api.rankedEvidenceTool;
    const prepared = await tool.prepareInvocation!({ input: { expectation: 'mid.review', limit: 3 } }, token);
    assert.match(String(prepared?.invocationMessage), /mid\.review/);
    assert.ok(prepared?.confirmationMessages, 'the person confirms before the evidence goes to the chat model');
    const result = await tool.invoke({ input: { expectation: 'mid.review', limit: 3 }, toolInvocationToken: undefined }, token);
    const text = (result?.content[0] as vscode.LanguageModelTextPart).value;
    assert.match(text, /^Expectation mid\.review: /);
    const lines = text.split('\n').filter(l => /^\d+\. \[/.test(l));
    assert.strictEqual(lines.length, 3, text);
    const analysis = api.ledger.lastAnalysis!;
    for (const line of lines) {
      const sha = /^\d+\. \[([0-9a-f]{7}), /.exec(line)![1]!;
      assert.ok(
        analysis.evidence.some(e => e.commit.startsWith(sha)),
        `${sha} is evidence of the analysis`,
      );
      assert.strictEqual(execFileSync('git', ['cat-file', '-t', sha], { cwd: root(), encoding: 'utf8' }).trim(), 'commit');
    }
    assert.ok(!text.includes(root()), 'no repository path');
    assert.ok(!/@/.test(text), 'no email address');
    const overall = await tool.invoke({ input: {}, toolInvocationToken: undefined }, token);
    assert.match((overall?.content[0] as vscode.LanguageModelTextPart).value, /^The strongest evidence across all expectations/);
  });

  test('@growth: /evidence links each commit to the commit view; /draft streams a draft and saves it only from its button; a question gets the evidence as context', async () => {
    const token = new vscode.CancellationTokenSource().token;
    const context = { history: [] } as unknown as vscode.ChatContext;
    const idle = fakeModel(['never asked']);
    const evidence = recordingStream();
    await api.chatHandler(chatRequest('evidence', 'code review', idle.model), context, evidence.stream, token);
    assert.deepStrictEqual(idle.prompts, [], '/evidence asks no model');
    assert.match(evidence.text(), /\*\*Reviews teammates’ changes\*\*: \d+ of \d+ pieces of evidence \(demonstrated\)/);
    const links = [...evidence.text().matchAll(/\[`([0-9a-f]{7})`\]\(command:growthLedger\.openCommit\?([^ )]+)/g)];
    assert.ok(links.length >= 3, evidence.text());
    const trusted = evidence.markdown.filter((m): m is vscode.MarkdownString => typeof m !== 'string');
    for (const m of trusted) assert.deepStrictEqual(m.isTrusted, { enabledCommands: ['growthLedger.openCommit'] });
    const [repo, sha] = JSON.parse(decodeURIComponent(links[0]![2]!)) as [string, string];
    assert.strictEqual(repo, root());
    assert.ok(sha.startsWith(links[0]![1]!));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('growthLedger.openCommit', repo, sha);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.label.startsWith(sha.slice(0, 7)), tab?.label);

    const file = statement('mid.collaboration');
    fs.rmSync(file, { force: true });
    const drafting = fakeModel(['I pair ', 'with teammates on hard changes [abc1234].']);
    const draft = recordingStream();
    await api.chatHandler(chatRequest('draft', 'mid.collaboration', drafting.model), context, draft.stream, token);
    assert.strictEqual(drafting.prompts.length, 1);
    assert.match(drafting.prompts[0]!, /^You help a software engineer write the self-assessment statement/);
    assert.ok(!drafting.prompts[0]!.includes(root()) && !/@/.test(drafting.prompts[0]!), 'no path or address in the prompt');
    assert.ok(draft.text().includes('I pair with teammates on hard changes [abc1234].'), draft.text());
    assert.strictEqual(snapshot(file), 'absent', 'nothing is written before the button is pressed');
    const save = draft.buttons[0];
    assert.strictEqual(save?.command, 'growthLedger.saveStatementDraft');
    const info = answering('showInformationMessage', () => undefined);
    try {
      assert.strictEqual(await vscode.commands.executeCommand(save.command, ...(save.arguments ?? [])), file);
    } finally {
      info.restore();
    }
    assert.match(fs.readFileSync(file, 'utf8'), /\n---\n\nI pair with teammates on hard changes \[abc1234\]\.\n$/);

    const refused = recordingStream();
    await api.chatHandler(
      chatRequest('draft', 'mid.collaboration', fakeModel([], vscode.LanguageModelError.NoPermissions()).model),
      context,
      refused.stream,
      token,
    );
    assert.match(refused.text(), /Growth Ledger is not allowed to use this language model/);
    assert.deepStrictEqual(
      refused.buttons.map(b => b.command),
      ['growthLedger.draftStatement'],
    );

    const asking = fakeModel(['Your strongest review evidence is the merge [1447a7f].']);
    const question = recordingStream();
    await api.chatHandler(chatRequest(undefined, 'what is my strongest review evidence this year?', asking.model), context, question.stream, token);
    assert.match(asking.prompts[0]!, /\nExpectation: Reviews teammates’ changes\n1\. \[[0-9a-f]{7}, /);
    assert.match(asking.prompts[0]!, /\nQuestion: what is my strongest review evidence this year\?$/);
    assert.ok(question.text().startsWith('Your strongest review evidence is the merge [1447a7f].'), question.text());
  });
});
