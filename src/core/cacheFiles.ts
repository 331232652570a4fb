import { createHash } from 'node:crypto';
import { mkdirSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { tempPathFor } from './atomicWrite';

/**
 * The files kept per repository in the cache directory are named `<kind>-v<version>-<hash of the root>.<ext>`: a new
 * format gets a new name, so an older version's file is never misread.
 */
export function versionedFile(cacheDir: string, kind: string, version: number, root: string, ext: string): string {
  return path.join(cacheDir, `${kind}-v${version}-${rootHash(root)}.${ext}`);
}

/** A name versionedFile made: kind, version, hash of the root, extension. */
const VERSIONED_NAME = /^([a-z]+)-v(\d+)-([0-9a-f]{24})\.([a-z]+)$/;

/** The file of another kind kept beside `file` (one versionedFile made): the same version, repository and extension. */
export function companionFile(file: string, kind: string): string {
  const named = VERSIONED_NAME.exec(path.basename(file));
  if (!named) throw new Error(`${file} is not a name versionedFile made`);
  const [, , version, hash, ext] = named;
  return path.join(path.dirname(file), `${kind}-v${version}-${hash}.${ext}`);
}

/**
 * Removes the files of other versions beside `file`, one versionedFile made: the same kind, for the same repository
 * (a history cache of an earlier release is tens of megabytes that nothing will read again). Only names of that form
 * are touched; a failure costs disk space only.
 */
export function removeOtherVersions(file: string): void {
  const named = VERSIONED_NAME.exec(path.basename(file));
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

/**
 * Replaces a cache file (one versionedFile made) through a temporary file and a rename, and removes its other
 * versions. Not synced: a torn file fails its reader's checks and is simply made again. True when the file was
 * written; a cache file that cannot be written costs speed only.
 */
export async function writeCacheFile(file: string, content: string): Promise<boolean> {
  const temp = tempPathFor(file);
  removeOtherVersions(file);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
    return true;
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}

function rootHash(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 24);
}
