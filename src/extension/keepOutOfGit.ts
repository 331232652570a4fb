import * as path from 'node:path';
import { excludeFromGit } from '../core/notes/privacy';
import type { Ledger } from './ledger';
import type { Log } from './log';

/** After a note is written: lists the notes folder in .git/info/exclude of the repository it is in (when the setting says so). */
export async function keepNoteOutOfGit(ledger: Ledger, log: Log, file: string): Promise<void> {
  const notesDir = ledger.notesDir();
  if (!notesDir || !ledger.settings.keepNotesOutOfGit) return;
  // (In an untrusted workspace there are no repositories: ledger.repositories() is the gate for git.)
  const repos = await ledger.repositories().catch(() => []);
  const root = repos.find(r => file.startsWith(r + path.sep));
  if (root) await excludeFromGit(root, notesDir).catch(error => log.warn(`Could not add the notes folder to .git/info/exclude: ${String(error)}`));
}
