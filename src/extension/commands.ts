import type { Ledger } from './ledger';
import type { Log } from './log';

/** What the command handlers work with. */
export interface CommandContext {
  ledger: Ledger;
  log: Log;
}

export interface Command {
  id: `growthLedger.${string}`;
  /**
   * A command that needs a trusted workspace does nothing at all in an untrusted one, whoever runs it (the palette, the
   * panel, another extension). Refresh, export, rebuild and Log a Win do not: untrusted, they still run, and reach git
   * only through the ledger, whose gate finds no repositories there and tells the panel, or the person exporting, why
   * there is no analysis.
   */
  needsTrust: boolean;
  run(context: CommandContext, ...args: unknown[]): unknown;
}

/**
 * Every command, in one place: activate() registers each, and a test compares the ids with package.json. Each handler's
 * module is loaded when its command first runs, so activation stays cheap and that test can read the table without
 * VS Code.
 */
export const COMMANDS = {
  refresh: { id: 'growthLedger.refresh', needsTrust: false, run: async ({ ledger }) => (await import('./refresh')).refresh(ledger) },
  setPeriod: { id: 'growthLedger.setPeriod', needsTrust: false, run: async ({ ledger }, arg) => (await import('./preferences')).setPeriod(ledger, arg) },
  logWin: { id: 'growthLedger.logWin', needsTrust: false, run: async ({ ledger, log }, args) => (await import('./logWin')).logWin(ledger, log, args) },
  exportPacket: {
    id: 'growthLedger.exportPacket',
    needsTrust: false,
    run: async ({ ledger, log }, format, options) => (await import('./exportPacket')).exportPacket(ledger, log, format, (options as { open?: boolean }) ?? {}),
  },
  // The growth plan: notes beside the wins; Check In reaches git only through the ledger, like Refresh.
  recordFeedback: {
    id: 'growthLedger.recordFeedback',
    needsTrust: false,
    run: async ({ ledger, log }, args) => (await import('./plan')).recordFeedback(ledger, log, args),
  },
  setGoal: { id: 'growthLedger.setGoal', needsTrust: false, run: async ({ ledger, log }, args) => (await import('./plan')).setGoal(ledger, log, args) },
  completeGoal: {
    id: 'growthLedger.completeGoal',
    needsTrust: false,
    run: async ({ ledger, log }, id) => (await import('./plan')).completeGoal(ledger, log, id),
  },
  checkIn: { id: 'growthLedger.checkIn', needsTrust: false, run: async ({ ledger, log }) => (await import('./plan')).checkIn(ledger, log) },
  chooseTrack: {
    id: 'growthLedger.chooseTrack',
    needsTrust: false,
    run: async ({ ledger, log }, track) => (await import('./plan')).chooseTrack(ledger, log, track),
  },
  addAlias: { id: 'growthLedger.addAlias', needsTrust: false, run: async (_context, arg) => (await import('./preferences')).addAlias(arg) },
  customizeFramework: {
    id: 'growthLedger.customizeFramework',
    needsTrust: false,
    run: async ({ ledger }) => (await import('./notesFolder')).customizeFramework(ledger),
  },
  openNotesFolder: {
    id: 'growthLedger.openNotesFolder',
    needsTrust: false,
    run: async ({ ledger }) => (await import('./notesFolder')).openNotesFolder(ledger),
  },
  showLog: { id: 'growthLedger.showLog', needsTrust: false, run: ({ log }) => log.show() },
  writeStatement: {
    id: 'growthLedger.writeStatement',
    needsTrust: false,
    run: async ({ ledger, log }, expectation) => (await import('./statements')).writeStatement(ledger, log, expectation),
  },
  // Builds on the last analysis (made through the ledger, so no git in an untrusted workspace); a language model is
  // asked only after the person agrees to what is sent.
  draftStatement: {
    id: 'growthLedger.draftStatement',
    needsTrust: false,
    run: async ({ ledger, log }, expectation) => (await import('./draft')).draftStatement(ledger, log, expectation),
  },
  // The chat view's "Save to Statement" button: a draft the person saw, for an expectation of the framework.
  saveStatementDraft: {
    id: 'growthLedger.saveStatementDraft',
    needsTrust: false,
    run: async ({ ledger, log }, expectation, text, source) => (await import('./draft')).saveChatDraft(ledger, log, expectation, text, source),
  },
  // From the panel's pin and hide buttons; its arguments name an expectation and an item of the last analysis.
  curateEvidence: {
    id: 'growthLedger.curateEvidence',
    needsTrust: false,
    run: async ({ ledger, log }, expectation, commit, action) => (await import('./statements')).curateEvidence(ledger, log, expectation, commit, action),
  },
  copySelfReview: { id: 'growthLedger.copySelfReview', needsTrust: false, run: async ({ ledger }) => (await import('./statements')).copySelfReview(ledger) },
  rebuildCache: { id: 'growthLedger.rebuildCache', needsTrust: false, run: async ({ ledger }) => (await import('./refresh')).rebuildCache(ledger) },
  // Reads a file the person picked and stores the reviews in the notes; it runs git only through the ledger.
  importReviews: {
    id: 'growthLedger.importReviews',
    needsTrust: false,
    run: async ({ ledger, log }, file) => (await import('./importReviews')).importReviewsFromFile(ledger, log, file),
  },
  // Shows a commit's changes from git, or its page on the remote (a link known only from an analysis, which an
  // untrusted workspace never has).
  openCommit: {
    id: 'growthLedger.openCommit',
    needsTrust: true,
    run: async ({ ledger }, repo, sha, where) => (await import('./commitView')).openCommit(ledger, repo, sha, where),
  },
} satisfies Record<string, Command>;

export const VIEW_ID = 'growthLedger.panel';
/** The `@growth` chat participant and the language-model tool, as package.json declares them. */
export const CHAT_PARTICIPANT_ID = 'growthLedger.growth';
export const RANKED_EVIDENCE_TOOL = 'growthLedger_rankedEvidence';
export const CONFIG_SECTION = 'growthLedger';

/**
 * Context keys the extension sets, for the walkthrough's steps to check themselves off (package.json
 * `completionEvents: onContext:…`): commits by me were found, a win is saved, a packet was written.
 */
export const CONTEXT_KEYS = {
  identityKnown: 'growthLedger.identityKnown',
  hasWin: 'growthLedger.hasWin',
  packetExported: 'growthLedger.packetExported',
} as const;
