import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeDurably(file: string, content: string | Iterable<string>): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else {
      // Pieces are gathered into about a megabyte per write, so a large file never exists as one string.
      let batch: string[] = [];
      let size = 0;
      for (const piece of content) {
        batch.push(piece);
        size += piece.length;
        if (size >= 1 << 20) {
          await handle.write(batch.join(''));
          batch = [];
          size = 0;
        }
      }
      if (batch.length) await handle.write(batch.join(''));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` atomically: the content is written and synced to a temporary file beside it, then renamed over it.
 * A crash leaves either the old file or the new one, never a mix. The temporary file is removed on failure.
 */
export async function writeFileAtomic(file: string, content: string | Iterable<string>): Promise<void> {
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
