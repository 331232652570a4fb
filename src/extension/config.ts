import * as vscode from 'vscode';
import { isPeriodPreset } from '../protocol/messages';
import { CONFIG_SECTION } from './commands';
import { DEFAULTS, type LedgerConfig } from './settings';
import { MIN_SELF_REVIEW_LIMIT } from '../core/packet/selfReview';
import { CHECK_IN_CADENCES } from '../core/plan/plan';

export type { LedgerConfig } from './settings';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map(v => v.trim()) : [];
}

function selfReviewLimit(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(MIN_SELF_REVIEW_LIMIT, Math.floor(value)) : DEFAULTS.selfReviewLimit;
}

export function readConfig(scope?: vscode.ConfigurationScope): LedgerConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const period = c.get<string>('period', DEFAULTS.period);
  const custom = c.get<{ since?: unknown; until?: unknown }>('customPeriod', {}) ?? {};
  const folder = c.get<string>('notesFolder', DEFAULTS.notesFolder);
  return {
    identities: strings(c.get('identities')),
    // Only the user's (or remote machine's) own value: the machine scope already keeps workspace values out, and
    // reading globalValue alone keeps them out even where a host would merge them (see LedgerConfig.repositories).
    repositories: strings(c.inspect('repositories')?.globalValue),
    period: isPeriodPreset(period) ? period : DEFAULTS.period,
    customPeriod: { since: typeof custom.since === 'string' ? custom.since : '', until: typeof custom.until === 'string' ? custom.until : '' },
    notesFolder: typeof folder === 'string' && folder.trim() ? folder.trim() : DEFAULTS.notesFolder,
    keepNotesOutOfGit: c.get<boolean>('keepNotesOutOfGit', DEFAULTS.keepNotesOutOfGit) !== false,
    excludedAuthors: strings(c.get('excludedAuthors')),
    remoteLinks: c.get<boolean>('remoteLinks', DEFAULTS.remoteLinks) !== false,
    selfReviewLimit: selfReviewLimit(c.get('selfReviewLimit')),
    checkInCadence: checkInCadence(c.get<string>('checkInCadence', DEFAULTS.checkInCadence)),
    lastWinStatusBar: c.get<boolean>('lastWinStatusBar', DEFAULTS.lastWinStatusBar) !== false,
    gitReaders: gitReaders(c.inspect('gitReaders')?.globalValue),
    languageModelFamily: (c.get<string>('languageModelFamily', DEFAULTS.languageModelFamily) ?? '').toString().trim(),
  };
}

/** A whole number of processes, or 0 (one per core) for anything else. Machine-scoped like `repositories`. */
function gitReaders(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, 64) : DEFAULTS.gitReaders;
}

function checkInCadence(value: unknown): LedgerConfig['checkInCadence'] {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CHECK_IN_CADENCES, value)
    ? (value as LedgerConfig['checkInCadence'])
    : DEFAULTS.checkInCadence;
}

export async function updateConfig<K extends keyof LedgerConfig>(key: K, value: LedgerConfig[K], target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, target);
}

/** Adds an address to a list setting (user settings) unless it is there already, in any case. */
export async function addToListSetting(key: 'identities' | 'excludedAuthors', email: string): Promise<void> {
  const list = readConfig()[key];
  const value = email.trim();
  if (!list.some(v => v.toLowerCase() === value.toLowerCase())) await updateConfig(key, [...list, value]);
}
