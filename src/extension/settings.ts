import type { PeriodPreset } from '../protocol/messages';
import { DEFAULT_SELF_REVIEW_LIMIT } from '../core/packet/selfReview';
import type { CheckInCadence } from '../core/plan/plan';

/** The settings, typed; mirrors `contributes.configuration` in package.json (a test keeps them in step). */
export interface LedgerConfig {
  identities: string[];
  /**
   * Folders outside the workspace to read repositories from (each a repository, or a parent folder searched for them).
   * Machine-scoped in package.json: VS Code takes it from user settings, or a remote machine's settings in a remote
   * window (the paths are that machine's), and ignores it in workspace and folder settings. A folder someone else
   * hands you could otherwise name any folder on this machine and have its history read into your panel and packet.
   */
  repositories: string[];
  period: PeriodPreset;
  customPeriod: { since: string; until: string };
  notesFolder: string;
  keepNotesOutOfGit: boolean;
  excludedAuthors: string[];
  remoteLinks: boolean;
  /** Characters per expectation in Copy Self-Review (a review form's field limit). */
  selfReviewLimit: number;
  /** How often a check-in is due. */
  checkInCadence: CheckInCadence;
  /** The status-bar item that says how long since the last logged win. */
  lastWinStatusBar: boolean;
  /** Git processes one scan may run at once to read a long history; 0 for one per core. */
  gitReaders: number;
  /** The chat model family Draft Statement prefers ("" for the first the editor offers). */
  languageModelFamily: string;
}

export const DEFAULTS: LedgerConfig = {
  identities: [],
  repositories: [],
  period: '12m',
  customPeriod: { since: '', until: '' },
  notesFolder: '.growth',
  keepNotesOutOfGit: true,
  excludedAuthors: [],
  remoteLinks: true,
  selfReviewLimit: DEFAULT_SELF_REVIEW_LIMIT,
  checkInCadence: 'monthly',
  lastWinStatusBar: true,
  gitReaders: 0,
  languageModelFamily: '',
};
