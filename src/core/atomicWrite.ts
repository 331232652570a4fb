import { randomBytes } from 'node:crypto';
import { promises as fs, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A unique temporary name beside `file`, on the same file system so a rename can replace it atomically. It names the
 * process that writes it, so one a killed process left can be told apart (removeAbandonedTemps).
 */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Removes the temporary files tempPathFor made for `file` whose process has ended; one whose process runs is kept. */
export function removeAbandonedTemps(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return; // no folder yet
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: it exists
  }
}

async function writeDurably(file: string, content: string): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` atomically: the content is written and synced to a temporary file beside it, then renamed over it.
 * A crash leaves either the old file or the new one, never a mix. The temporary file is removed on failure.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = tempPathFor(file);
  try {
    await writeDurably(temp, content);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates `file` atomically and only if it does not exist yet (hard-link of a fully written temporary file, which
 * fails with EEXIST instead of replacing). Two writers racing for the same name never overwrite each other.
 */
export async function createFileAtomic(file: string, content: string): Promise<void> {
  const temp = tempPathFor(file);
  try {
    await writeDurably(temp, content);
    await fs.link(temp, file);
  } finally {
    await fs.rm(temp, { force: true });
  }
}
