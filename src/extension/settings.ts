import type { PeriodPreset } from '../protocol/messages';

/** The settings, typed; mirrors `contributes.configuration` in package.json (a test keeps them in step). */
export interface LedgerConfig {
  identities: string[];
  period: PeriodPreset;
  customPeriod: { since: string; until: string };
  notesFolder: string;
  keepNotesOutOfGit: boolean;
  excludedAuthors: string[];
  remoteLinks: boolean;
}

export const DEFAULTS: LedgerConfig = {
  identities: [],
  period: '12m',
  customPeriod: { since: '', until: '' },
  notesFolder: '.growth',
  keepNotesOutOfGit: true,
  excludedAuthors: [],
  remoteLinks: true,
};
