import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runGit, type GitOptions } from '../git/exec';
import { writeFileAtomic } from '../atomicWrite';

/**
 * Keeps the notes folder out of the team's repository by listing it in `.git/info/exclude` (local to this clone,
 * never committed). Returns true when a line was added. Does nothing when the folder is outside the work tree.
 */
export async function excludeFromGit(repoRoot: string, notesDir: string, options: GitOptions = {}): Promise<boolean> {
  const relative = path.relative(repoRoot, notesDir);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const pattern =
    '/' +
    relative
      .split(path.sep)
      .join('/')
      .replace(/([*?[\\!#])/g, '\\$1') +
    '/';
  const excludeFile = path.resolve(repoRoot, await runGit(repoRoot, ['rev-parse', '--git-path', 'info/exclude'], options));
  let current = '';
  try {
    current = await fs.readFile(excludeFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (current.split(/\r?\n/).some(line => line.trim() === pattern)) return false;
  await fs.mkdir(path.dirname(excludeFile), { recursive: true });
  const separator = current && !current.endsWith('\n') ? '\n' : '';
  await writeFileAtomic(excludeFile, `${current}${separator}# Growth Ledger notes stay on this machine\n${pattern}\n`);
  return true;
}
