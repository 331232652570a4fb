import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A unique temporary name beside `file`, on the same file system so a rename can replace it atomically. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
