import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverRepositories, expandHome } from '../../src/core/git/discover';
import { bundle } from './helpers/processes';
import { ALEX, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

function repoAt(dir: string): RepoBuilder {
  const repo = new RepoBuilder(dir);
  repo.commit({ author: ALEX, date: dayAt('2025-03-01'), subject: `Start ${path.basename(dir)}` });
  return repo;
}

const NOBODY = 65534;

/**
 * Discovery as an unprivileged user: root reads every folder whatever its mode, so a folder made unreadable is only
 * unreadable to someone else. The run happens in a child process of the real code, as `nobody` when this is root.
 */
function discoverAsUnprivileged(folders: string[]): ReturnType<typeof JSON.parse> {
  const dir = tempDir('gl-discover-run-');
  chmodSync(dir, 0o755);
  const script = path.join(dir, 'discover.js');
  bundle(
    script,
    `import { discoverRepositories } from './src/core/git/discover';
discoverRepositories(${JSON.stringify(folders)}).then(r => process.stdout.write(JSON.stringify(r)));`,
  );
  chmodSync(script, 0o755);
  const asRoot = process.getuid?.() === 0;
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
  return JSON.parse(out);
}

describe('discoverRepositories', () => {
  it('finds the repositories of a parent folder, nested ones included, in a stable order', async () => {
    const parent = tempDir('gl-discover-');
    repoAt(path.join(parent, 'web'));
    repoAt(path.join(parent, 'api'));
    repoAt(path.join(parent, 'api', 'vendor', 'sdk')); // a repository inside another one's work tree
    repoAt(path.join(parent, 'clients', 'ios'));
    mkdirSync(path.join(parent, 'notes'));
    writeFileSync(path.join(parent, 'notes', 'todo.md'), 'no git here\n');
    repoAt(path.join(parent, 'web', 'node_modules', 'left-pad')); // dependencies are never searched
    repoAt(path.join(parent, '.cache', 'clone')); // nor hidden folders

    const found = await discoverRepositories([parent]);
    expect(found.repositories).toEqual(['api', 'api/vendor/sdk', 'clients/ios', 'web'].map(p => path.join(parent, p)));
    expect(found.problems).toEqual([]);
    expect(found.truncated).toBeUndefined();
    // The same folders in the same order, however often it is asked.
    expect((await discoverRepositories([parent])).repositories).toEqual(found.repositories);
  });

  it('takes a repository, a folder inside one, and ~, and lists each repository once', async () => {
    const parent = tempDir('gl-discover-');
    const a = repoAt(path.join(parent, 'a'));
    mkdirSync(path.join(a.dir, 'src', 'deep'), { recursive: true });
    const found = await discoverRepositories([path.join(a.dir, 'src', 'deep'), a.dir, '~/a'], { home: parent });
    expect(found.repositories).toEqual([a.dir]);
    expect(expandHome('~', '/home/me')).toBe('/home/me');
    expect(expandHome('~/src', '/home/me')).toBe(path.join('/home/me', 'src'));
    expect(expandHome('/tmp/~x', '/home/me')).toBe('/tmp/~x');
  });

  it('reads a linked worktree as its repository, once; a worktree alone counts as the repository', async () => {
    const parent = tempDir('gl-discover-');
    const main = repoAt(path.join(parent, 'main'));
    main.git('worktree', 'add', '-q', '-b', 'feature', path.join(parent, 'main-feature'));
    const both = await discoverRepositories([parent]);
    expect(both.repositories).toEqual([main.dir]);
    expect(both.skipped).toEqual([{ path: path.join(parent, 'main-feature'), reason: `a worktree of ${main.dir}, whose history is read there` }]);
    const alone = await discoverRepositories([path.join(parent, 'main-feature')]);
    expect(alone.repositories).toEqual([path.join(parent, 'main-feature')]);
  });

  it('finds a submodule as a repository of its own, and skips a bare repository with a reason', async () => {
    const parent = tempDir('gl-discover-');
    const lib = repoAt(path.join(parent, 'sources', 'lib'));
    const app = repoAt(path.join(parent, 'app'));
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'third_party/lib');
    app.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'src/platform/ios/deps/lib');
    app.commit({ author: ALEX, date: dayAt('2025-03-02'), subject: 'Add lib as submodules', files: {} });
    // A clone kept deep inside another work tree is not looked for: only the top of a work tree is searched.
    repoAt(path.join(app.dir, 'src', 'platform', 'android', 'scratch-clone'));
    execFileSync('git', ['clone', '-q', '--bare', lib.dir, path.join(parent, 'mirrors', 'lib.git')]);

    const found = await discoverRepositories([parent]);
    expect(found.repositories).toEqual([
      app.dir,
      path.join(app.dir, 'third_party', 'lib'),
      path.join(app.dir, 'src', 'platform', 'ios', 'deps', 'lib'),
      lib.dir,
    ]);
    expect(found.skipped).toEqual([
      { path: path.join(parent, 'mirrors', 'lib.git'), reason: expect.stringMatching(/^a bare repository: it has no work tree/) },
    ]);
  });

  it('reports a folder that cannot be read or does not exist, and goes on with the rest', async () => {
    const parent = tempDir('gl-discover-');
    chmodSync(parent, 0o755);
    repoAt(path.join(parent, 'open'));
    repoAt(path.join(parent, 'locked', 'inside'));
    chmodSync(path.join(parent, 'locked'), 0o000);
    const missing = path.join(parent, 'gone');
    try {
      const found = discoverAsUnprivileged([parent, missing]);
      expect(found.repositories).toEqual([path.join(parent, 'open')]);
      expect(found.problems).toEqual([
        { path: path.join(parent, 'locked'), message: `${path.join(parent, 'locked')} cannot be read (permission denied)` },
        { path: missing, message: `${missing} does not exist` },
      ]);
    } finally {
      chmodSync(path.join(parent, 'locked'), 0o755);
    }
  });

  it('does not follow a symbolic link back into a folder it is searching, and follows one elsewhere', async () => {
    const parent = tempDir('gl-discover-');
    const elsewhere = tempDir('gl-discover-elsewhere-');
    repoAt(path.join(parent, 'a'));
    repoAt(path.join(elsewhere, 'linked'));
    symlinkSync(parent, path.join(parent, 'a', 'loop'));
    mkdirSync(path.join(parent, 'a', 'src'));
    symlinkSync('../..', path.join(parent, 'a', 'src', 'up')); // relative, back to the top
    symlinkSync(elsewhere, path.join(parent, 'more'));
    symlinkSync(path.join(parent, 'nowhere'), path.join(parent, 'dangling'));
    const found = await discoverRepositories([parent]);
    expect(found.repositories).toEqual([path.join(parent, 'a'), path.join(elsewhere, 'linked')]);
    expect(found.skipped).toEqual(
      [path.join(parent, 'a', 'loop'), path.join(parent, 'a', 'src', 'up')].map(link => ({
        path: link,
        reason: `a link to ${parent}, which is searched already`,
      })),
    );
    expect(found.problems).toEqual([]);
  });

  it('bounds the walk: depth, folders read and repositories found', async () => {
    const parent = tempDir('gl-discover-');
    let deep = parent;
    for (let i = 1; i <= 9; i++) deep = path.join(deep, `level${i}`);
    repoAt(path.join(parent, 'level1', 'level2', 'near'));
    repoAt(deep);
    const found = await discoverRepositories([parent]);
    expect(found.repositories).toEqual([path.join(parent, 'level1', 'level2', 'near')]); // nine levels down is below the default six
    expect(found.truncated).toBeUndefined();
    expect((await discoverRepositories([parent], { maxDepth: 9 })).repositories).toContain(deep);

    const wide = tempDir('gl-discover-');
    for (let i = 0; i < 30; i++) mkdirSync(path.join(wide, `dir${String(i).padStart(2, '0')}`, 'sub'), { recursive: true });
    const bounded = await discoverRepositories([wide], { maxFolders: 10 });
    expect(bounded.truncated).toMatch(/^stopped after searching 10 folders/);

    for (const name of ['r1', 'r2', 'r3']) repoAt(path.join(wide, name));
    const few = await discoverRepositories([wide], { maxRepositories: 2 });
    expect(few.repositories).toEqual([path.join(wide, 'r1'), path.join(wide, 'r2')]);
    expect(few.truncated).toMatch(/^stopped at 2 repositories/);
  });
});
