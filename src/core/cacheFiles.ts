import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The files kept per repository in the cache directory are named `<kind>-v<version>-<hash of the root>.<ext>`: a new
 * format gets a new name, so an older version's file is never misread.
 */
export function versionedFile(cacheDir: string, kind: string, version: number, root: string, ext: string): string {
  return path.join(cacheDir, `${kind}-v${version}-${rootHash(root)}.${ext}`);
}

/**
 * Removes the files of other versions beside `file`, one versionedFile made: the same kind, for the same repository
 * (a history cache of an earlier release is tens of megabytes that nothing will read again). Only names of that form
 * are touched; a failure costs disk space only.
 */
export function removeOtherVersions(file: string): void {
  const named = /^([a-z]+)-v(\d+)-([0-9a-f]{24})\.([a-z]+)$/.exec(path.basename(file));
  if (!named) return;
  const [, kind, version, hash, ext] = named;
  const pattern = new RegExp(`^${kind}-v(\\d+)-${hash}\\.${ext}$`);
  try {
    for (const name of readdirSync(path.dirname(file))) {
      const match = pattern.exec(name);
      if (match && match[1] !== version) rmSync(path.join(path.dirname(file), name), { force: true });
    }
  } catch {
    // no cache directory yet, or not ours to list
  }
}

function rootHash(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 24);
}
