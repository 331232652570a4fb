import { cleanDraft } from './prompt';

/**
 * What drafting needs of a language model, and no more: the editor's chat models (vscode.LanguageModelChat) are adapted
 * to it in src/extension/draft.ts, and the tests give a model of their own. One user message in, text fragments out.
 */
export interface ChatModelLike {
  readonly name: string;
  readonly vendor: string;
  sendRequest(prompt: string, token: CancellationLike): Promise<{ text: AsyncIterable<string> }>;
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

/**
 * Why no draft came back. `noPermission`: the person has not allowed this extension to use the model (or said no to
 * VS Code's own prompt); `blocked`: the vendor refused (quota, rate limit); `notFound`: the model is gone;
 * `offTopic`: the model declined the request; `empty`: it answered nothing usable.
 */
export type DraftFailure = 'cancelled' | 'noPermission' | 'blocked' | 'notFound' | 'offTopic' | 'empty' | 'failed';

export type DraftOutcome = { ok: true; text: string } | { ok: false; failure: DraftFailure; detail: string };

/**
 * The failure an error stands for. The editor's LanguageModelError carries a `code` (NoPermissions, Blocked,
 * NotFound) and says off-topic in its message; a cancelled request throws a CancellationError (named Canceled).
 */
export function failureOf(error: unknown, token?: CancellationLike): DraftFailure {
  if (token?.isCancellationRequested) return 'cancelled';
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.name === 'Canceled' || e.name === 'AbortError' || code === 'Canceled') return 'cancelled';
  if (code === 'NoPermissions') return 'noPermission';
  if (code === 'Blocked') return 'blocked';
  if (code === 'NotFound') return 'notFound';
  if (/off[_ -]?topic/i.test(message) || /off[_ -]?topic/i.test(code)) return 'offTopic';
  return 'failed';
}

function detailOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Sends the prompt and joins the streamed fragments into a draft. `onFragment` sees each fragment as it arrives (the
 * chat view streams them). Cancelling the token stops reading; nothing partial is returned then.
 */
export async function requestDraft(
  model: ChatModelLike,
  prompt: string,
  token: CancellationLike,
  onFragment?: (fragment: string) => void,
): Promise<DraftOutcome> {
  let text = '';
  try {
    if (token.isCancellationRequested) return { ok: false, failure: 'cancelled', detail: '' };
    const response = await model.sendRequest(prompt, token);
    for await (const fragment of response.text) {
      if (token.isCancellationRequested) return { ok: false, failure: 'cancelled', detail: '' };
      text += fragment;
      onFragment?.(fragment);
    }
  } catch (error) {
    return { ok: false, failure: failureOf(error, token), detail: detailOf(error) };
  }
  if (token.isCancellationRequested) return { ok: false, failure: 'cancelled', detail: '' };
  const draft = cleanDraft(text);
  return draft ? { ok: true, text: draft } : { ok: false, failure: 'empty', detail: '' };
}

export type ConsentAnswer = 'send' | 'show' | undefined;

/**
 * Asks until the person decides: `send` agrees, `show` opens exactly what would be sent and asks again, anything
 * else (the dialog closed) refuses. Nothing is sent without a `send`.
 */
export async function obtainConsent(ask: () => Promise<ConsentAnswer>, showWhatIsSent: () => Promise<void>): Promise<boolean> {
  // A person who keeps choosing "show" is still deciding; a bound keeps a dialog that cannot be answered from looping.
  for (let i = 0; i < 20; i++) {
    const answer = await ask();
    if (answer === 'send') return true;
    if (answer !== 'show') return false;
    await showWhatIsSent();
  }
  return false;
}

/**
 * Where a draft goes: `new` when there was no statement (it becomes the statement, or goes below one written
 * meanwhile), and when one exists, below it in a marked section (`append`) or in its place (`replace`).
 */
export type Placement = 'new' | 'append' | 'replace';

/** The section a draft is added under, below a statement that exists: marked so it is not taken for the statement. */
export function draftSection(draft: string, source: string, date: string): string {
  return `## Draft (${source}, ${date}): edit it into your statement above, then delete this section\n\n${draft.trim()}`;
}

/** What the whole "Draft Statement" flow needs from the editor; src/extension/draft.ts gives it VS Code's. */
export interface DraftFlowDeps {
  /** The model to ask, or undefined when the editor has none (code-server, no chat extension, none allowed). */
  chooseModel(): Promise<ChatModelLike | undefined>;
  /** The consent dialog: it names the model and what is sent. */
  askConsent(model: ChatModelLike): Promise<ConsentAnswer>;
  showWhatIsSent(): Promise<void>;
  /** Says why there is no model draft and offers the template instead; true when the person chose it. */
  offerTemplate(why: 'noModel' | DraftFailure, detail: string): Promise<boolean>;
  /** Runs the request under a cancellable progress notification. */
  withProgress(model: ChatModelLike, run: (token: CancellationLike) => Promise<DraftOutcome>): Promise<DraftOutcome>;
  /** The statement's current text ('' when there is none). */
  currentText(): Promise<string>;
  /** Asked only when a statement exists; undefined keeps everything as it is. */
  askPlacement(): Promise<Exclude<Placement, 'new'> | undefined>;
  /** Writes the draft; returns the file, or undefined when it could not (the person was told why). */
  save(draft: string, placement: Placement, source: string): Promise<string | undefined>;
}

export interface DraftFlowResult {
  file?: string;
  source?: 'model' | 'template';
  /** Why nothing was written, when nothing was. */
  stopped?: 'declined' | 'keptExisting' | DraftFailure | 'noModel' | 'notSaved';
}

/**
 * Draft Statement, from choosing a model to the file: a model draft only after consent, the template only when the
 * person chooses it, and an existing statement changed only as they say. Nothing is written on any other path.
 */
export async function runDraftFlow(deps: DraftFlowDeps, prompt: string, template: () => string): Promise<DraftFlowResult> {
  const model = await deps.chooseModel();
  let draft: { text: string; source: string; kind: 'model' | 'template' } | undefined;
  if (model) {
    if (
      !(await obtainConsent(
        () => deps.askConsent(model),
        () => deps.showWhatIsSent(),
      ))
    )
      return { stopped: 'declined' };
    const outcome = await deps.withProgress(model, token => requestDraft(model, prompt, token));
    if (outcome.ok) draft = { text: outcome.text, source: model.name, kind: 'model' };
    else if (outcome.failure === 'cancelled') return { stopped: 'cancelled' };
    else if (!(await deps.offerTemplate(outcome.failure, outcome.detail))) return { stopped: outcome.failure };
  } else if (!(await deps.offerTemplate('noModel', ''))) {
    return { stopped: 'noModel' };
  }
  draft ??= { text: template(), source: 'template', kind: 'template' };
  let placement: Placement = 'new';
  if ((await deps.currentText()).trim()) {
    const asked = await deps.askPlacement();
    if (!asked) return { stopped: 'keptExisting' };
    placement = asked;
  }
  const file = await deps.save(draft.text, placement, draft.source);
  return file ? { file, source: draft.kind } : { stopped: 'notSaved' };
}
