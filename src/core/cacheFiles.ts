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
 * Removes the repository's files of this kind from other versions (a history cache of an earlier release is tens of
 * megabytes that nothing will read again). Only names this module makes are touched; a failure costs disk space only.
 */
export function removeOtherVersions(cacheDir: string, kind: string, version: number, root: string, ext: string): void {
  const pattern = new RegExp(`^${kind}-v(\\d+)-${rootHash(root)}\\.${ext}$`);
  try {
    for (const name of readdirSync(cacheDir)) {
      const match = pattern.exec(name);
      if (match && Number(match[1]) !== version) rmSync(path.join(cacheDir, name), { force: true });
    }
  } catch {
    // no cache directory yet, or not ours to list
  }
}

function rootHash(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 24);
}
