import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import { FileProblem } from '../framework/loader';
import { writeFileAtomic } from '../atomicWrite';

/** The career path chosen: individual contributor, people manager, or a mix of both. */
export const TRACKS = ['ic', 'manager', 'hybrid'] as const;
export type Track = (typeof TRACKS)[number];

export function isTrack(value: unknown): value is Track {
  return (TRACKS as readonly unknown[]).includes(value);
}

export const TRACK_LABELS: Readonly<Record<Track, string>> = {
  ic: 'Individual contributor',
  manager: 'People manager',
  hybrid: 'Hybrid (leads a small team, stays hands-on)',
};

export const profileFile = (notesDir: string) => path.join(notesDir, 'profile.yaml');

export interface Profile {
  track: Track | null;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FileProblem(file, 1, '', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function parseProfile(content: string, file: string): { doc: Document; profile: Profile } {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new FileProblem(file, e.linePos?.[0]?.line ?? 1, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return { doc, profile: { track: null } }; // an empty file: nothing chosen yet
  if (!isMap(doc.contents)) throw new FileProblem(file, 1, '', 'must be a mapping of fields, e.g. track: ic');
  const value = doc.get('track');
  if (value !== undefined && value !== null && !isTrack(value)) {
    const node = doc.get('track', true) as { range?: [number, number, number] } | undefined;
    throw new FileProblem(file, node?.range ? lines.linePos(node.range[0]).line : 1, 'track', `must be one of ${TRACKS.join(', ')}, got "${String(value)}"`);
  }
  return { doc, profile: { track: isTrack(value) ? value : null } };
}

/** `<notes>/profile.yaml`; no file is no track chosen. A file that does not parse is a FileProblem. */
export async function readProfile(notesDir: string): Promise<Profile> {
  const file = profileFile(notesDir);
  const content = await readText(file);
  return content === undefined ? { track: null } : parseProfile(content, file).profile;
}

/** Sets the track in `<notes>/profile.yaml`, keeping every other field and comment; a broken file is left untouched. */
export async function setTrack(notesDir: string, track: Track): Promise<Profile> {
  const file = profileFile(notesDir);
  const content = await readText(file);
  await fs.mkdir(notesDir, { recursive: true });
  if (content === undefined) {
    await writeFileAtomic(file, `# Growth Ledger profile: the career path you chose (${TRACKS.join(', ')})\ntrack: ${track}\n`);
    return { track };
  }
  const { doc } = parseProfile(content, file);
  if (doc.contents === null) {
    // An empty file (or only comments) has no mapping to add the field to: the field goes after what is there.
    await writeFileAtomic(file, `${content.trimEnd()}${content.trim() ? '\n' : ''}track: ${track}\n`);
    return { track };
  }
  doc.set('track', track);
  await writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
  return { track };
}
