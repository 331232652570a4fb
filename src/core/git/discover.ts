/**
 * Finds the repositories under folders a person names (their whole year's work: `~/src`, `~/work/payments`), by
 * reading the file system only: no git runs here, so discovery costs a few directory reads and can be bounded.
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DiscoverOptions {
  /** How many folders below each named folder are searched (the named folder is depth 0). */
  maxDepth?: number;
  /**
   * How many folders below a repository's root are searched for repositories nested in its work tree (clones kept
   * inside another checkout sit near its top); its submodules, listed in `.gitmodules`, are found at any depth.
   */
  nestedDepth?: number;
  /** Stop after this many repositories. */
  maxRepositories?: number;
  /** Stop after reading this many folders in all, so a folder like `~` cannot turn into a walk of the whole disk. */
  maxFolders?: number;
  /** For relative folders (the CLI's current folder); the extension passes only absolute ones. */
  cwd?: string;
  /** For `~`; the user's home folder by default. */
  home?: string;
  signal?: AbortSignal;
}

export interface Discovery {
  /** Work tree roots, real paths, in a stable order: the named folders' order, then by name, a repository before the ones nested in it. */
  repositories: string[];
  /** Folders passed over on purpose, with why. */
  skipped: { path: string; reason: string }[];
  /** Folders that could not be searched (missing, not readable); the rest of the walk goes on. */
  problems: { path: string; message: string }[];
  /** Why the walk stopped before the end, when a bound was reached. */
  truncated?: string;
}

export const DISCOVERY_LIMITS = { maxDepth: 6, nestedDepth: 2, maxRepositories: 200, maxFolders: 20_000 } as const;

/** Folders that hold dependencies or build output, never a repository of one's own work. */
const NEVER_SEARCHED = new Set(['node_modules', 'bower_components', '__pycache__']);

/** `~` and `~/…` as the home folder; other paths unchanged. */
export function expandHome(folder: string, home = os.homedir()): string {
  if (folder === '~') return home;
  if (folder.startsWith('~/') || (path.sep === '\\' && folder.startsWith('~\\'))) return path.join(home, folder.slice(2));
  return folder;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ENOTDIR') return 'is not a folder';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    s => s.isDirectory(),
    () => false,
  );
}

/** What a `.git` entry says about its folder: a repository of its own, or a linked worktree of another one. */
async function gitEntry(dir: string): Promise<{ kind: 'repository' } | { kind: 'worktree'; commonDir: string } | undefined> {
  const dotGit = path.join(dir, '.git');
  const stat = await fs.stat(dotGit).catch(() => undefined);
  if (!stat) return undefined;
  if (stat.isDirectory()) return { kind: 'repository' };
  if (!stat.isFile()) return undefined;
  // A `.git` file points at the git directory: a submodule's (its own history, under the parent's .git/modules) or a
  // linked worktree's, which has a `commondir` file naming the repository whose history it shares.
  const text = await fs.readFile(dotGit, 'utf8').catch(() => '');
  const gitdir = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!gitdir) return { kind: 'repository' };
  const gitDir = path.resolve(dir, gitdir);
  const common = await fs.readFile(path.join(gitDir, 'commondir'), 'utf8').catch(() => undefined);
  if (common === undefined) return { kind: 'repository' };
  const commonDir = await fs.realpath(path.resolve(gitDir, common.trim())).catch(() => path.resolve(gitDir, common.trim()));
  return { kind: 'worktree', commonDir };
}

/** A bare repository: git's own files with no work tree, hence nothing to attribute to paths. */
async function isBareRepository(dir: string, entries: Dirent[]): Promise<boolean> {
  const names = new Set(entries.map(e => e.name));
  if (!names.has('HEAD') || !names.has('objects') || !names.has('refs')) return false;
  return (await isDirectory(path.join(dir, 'objects'))) && (await isDirectory(path.join(dir, 'refs')));
}

/** The folders `.gitmodules` names as submodule paths, inside the work tree. */
async function submodulePaths(root: string): Promise<string[]> {
  const text = await fs.readFile(path.join(root, '.gitmodules'), 'utf8').catch(() => '');
  return [...text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)].map(m => path.resolve(root, m[1]!)).filter(p => p.startsWith(root + path.sep));
}

/** The root of the repository `dir` is inside, found by looking for `.git` in its parents (a named subfolder counts as its repository). */
async function enclosingRepository(dir: string): Promise<string | undefined> {
  for (let parent = path.dirname(dir); parent !== dir; dir = parent, parent = path.dirname(parent)) {
    if (await gitEntry(parent)) return parent;
  }
  return undefined;
}

/**
 * The repositories in `folders`: each folder is a repository, a folder inside one (meaning that repository), or a
 * parent whose repositories are found, nested ones included, up to `maxDepth` folders down (and `nestedDepth` below a
 * repository's root, its submodules wherever they are). Hidden folders (the
 * `.git` folders among them), dependency folders and links back to a folder already searched are not searched; a
 * folder named explicitly is searched even when hidden. A linked worktree of a repository already found shares its
 * history and is skipped; a submodule is a repository of its own. A folder that cannot be read is reported in
 * `problems` and the walk goes on.
 */
export async function discoverRepositories(folders: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const maxDepth = options.maxDepth ?? DISCOVERY_LIMITS.maxDepth;
  const nestedDepth = options.nestedDepth ?? DISCOVERY_LIMITS.nestedDepth;
  const maxRepositories = options.maxRepositories ?? DISCOVERY_LIMITS.maxRepositories;
  const maxFolders = options.maxFolders ?? DISCOVERY_LIMITS.maxFolders;
  const result: Discovery = { repositories: [], skipped: [], problems: [] };
  const visited = new Set<string>();
  const found = new Set<string>();
  /** Linked worktrees, kept only when their repository is not found itself (decided at the end). */
  const worktrees: { path: string; commonDir: string; at: number }[] = [];
  let foldersRead = 0;
  const stop = (why: string) => (result.truncated ??= why);

  const add = (root: string) => {
    if (found.has(root)) return;
    if (found.size >= maxRepositories) {
      stop(`stopped at ${maxRepositories} repositories; name the folders that hold your repositories more precisely`);
      return;
    }
    found.add(root);
    result.repositories.push(root);
  };

  /** `below`: how many folders below the nearest repository root `dir` is, when it is inside a work tree. */
  const walk = async (dir: string, depth: number, below?: number): Promise<void> => {
    if (result.truncated || options.signal?.aborted) return;
    if (foldersRead >= maxFolders) {
      stop(`stopped after searching ${maxFolders} folders; name the folders that hold your repositories more precisely`);
      return;
    }
    foldersRead++;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      result.problems.push({ path: dir, message: `${dir} ${describe(error)}` });
      return;
    }
    const git = entries.some(e => e.name === '.git') ? await gitEntry(dir) : undefined;
    if (git?.kind === 'repository') add(dir);
    else if (git?.kind === 'worktree') worktrees.push({ path: dir, commonDir: git.commonDir, at: result.repositories.length });
    else if (await isBareRepository(dir, entries)) {
      result.skipped.push({ path: dir, reason: 'a bare repository: it has no work tree, so there are no files to attribute; name a clone of it instead' });
      return;
    }
    if (git) below = 0;
    const deeperSubmodules = git ? (await submodulePaths(dir)).filter(p => path.relative(dir, p).split(path.sep).length > nestedDepth) : [];
    // A work tree is searched only near its top: walking all of a large checkout for the rare clone inside it would
    // cost more than the rest of the search.
    if (depth < maxDepth && (below === undefined || below < nestedDepth)) await walkChildren(dir, entries, depth, below);
    for (const submodule of deeperSubmodules) {
      const real = await fs.realpath(submodule).catch(() => undefined);
      if (!real || visited.has(real) || !(await gitEntry(real))) continue;
      visited.add(real);
      await walk(real, depth + 1, 0);
    }
  };

  const walkChildren = async (dir: string, entries: Dirent[], depth: number, below: number | undefined): Promise<void> => {
    const children = entries
      .filter(e => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && !NEVER_SEARCHED.has(e.name))
      .sort((a, b) => compare(a.name, b.name));
    for (const child of children) {
      if (result.truncated || options.signal?.aborted) return;
      const full = path.join(dir, child.name);
      let real = full;
      if (child.isSymbolicLink()) {
        if (!(await isDirectory(full))) continue; // a link to a file, or dangling
        real = await fs.realpath(full).catch(() => full);
        // A link back to a parent (a loop) or to a folder searched already.
        if (visited.has(real)) {
          result.skipped.push({ path: full, reason: `a link to ${real}, which is searched already` });
          continue;
        }
      }
      if (visited.has(real)) continue;
      visited.add(real);
      await walk(real, depth + 1, below === undefined ? undefined : below + 1);
    }
  };

  for (const folder of folders) {
    if (result.truncated || options.signal?.aborted) break;
    const named = path.resolve(options.cwd ?? process.cwd(), expandHome(folder.trim(), options.home));
    let real: string;
    try {
      real = await fs.realpath(named);
      if (!(await fs.stat(real)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    } catch (error) {
      result.problems.push({ path: named, message: `${named} ${describe(error)}` });
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    if (!(await gitEntry(real))) {
      const enclosing = await enclosingRepository(real);
      if (enclosing) add(enclosing);
    }
    await walk(real, 0);
  }

  // A linked worktree shares its repository's history: analysing both would count every commit twice.
  const byCommonDir = new Map<string, string>();
  for (const root of found) byCommonDir.set(path.join(root, '.git'), root);
  let inserted = 0;
  for (const w of worktrees) {
    const main = byCommonDir.get(w.commonDir);
    if (main) {
      result.skipped.push({ path: w.path, reason: `a worktree of ${main}, whose history is read there` });
      continue;
    }
    if (result.repositories.length >= maxRepositories) break;
    result.repositories.splice(w.at + inserted++, 0, w.path);
    byCommonDir.set(w.commonDir, w.path);
  }
  return result;
}
