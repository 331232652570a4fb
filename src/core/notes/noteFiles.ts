import * as path from 'node:path';

/** The notes whose change changes the analysis: Markdown files in these folders, and these files at the top. */
const NOTE_FOLDERS = new Set(['wins', 'statements', 'feedback', 'goals', 'check-ins']);
const TOP_FILES = new Set(['framework.yaml', 'profile.yaml']);

/** The same notes as a glob relative to the notes folder (for a file watcher). */
export const NOTE_FILES = `{${[...[...NOTE_FOLDERS].map(folder => `${folder}/*.md`), ...TOP_FILES].join(',')}}`;

/** Whether `file` is one of NOTE_FILES under the notes folder `notes`. */
export function isNoteFile(notes: string, file: string): boolean {
  const parts = path.relative(notes, file).split(path.sep);
  if (parts.length === 1) return TOP_FILES.has(parts[0]!);
  return parts.length === 2 && NOTE_FOLDERS.has(parts[0]!) && parts[1]!.endsWith('.md');
}
