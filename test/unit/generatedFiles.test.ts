import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedFileClassifier, isGeneratedByName, readAttributeFiles } from '../../src/core/git/generatedFiles';
import { RepoBuilder, cleanupTemps } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const PATHS = [
  'package-lock.json',
  'web/yarn.lock',
  'Cargo.lock',
  'go.sum',
  'src/main.ts',
  'src/gen/api.pb.go',
  'src/gen/keep.go',
  'docs/site/app.min.js',
  'assets/app.js.map',
  'vendor/lib/x.c',
  'third_party/y/z.h',
  'schema/generated/types.ts',
  'schema/generated/README.md',
  'snapshots/a.snap',
  'deep/er/snapshots/b.snap',
  'root.snap',
  'fixtures/big.json',
  'api/openapi.json',
  'api/sub/openapi.json',
  'logo.png',
];

const ROOT_ATTRIBUTES = [
  '# what GitHub hides in diffs',
  '*.pb.go linguist-generated=true',
  'schema/generated/** linguist-generated',
  'schema/generated/README.md -linguist-generated',
  '**/snapshots/*.snap -diff',
  '/fixtures/*.json linguist-vendored',
  'Cargo.lock linguist-generated=false',
  '*.png binary',
  'openapi.json linguist-generated',
].join('\n');

describe('files left out of ownership line shares', () => {
  it('knows lockfiles, bundles and vendored folders by name', () => {
    expect(
      ['package-lock.json', 'a/b/yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'dist/app.min.js', 'x.css.map', 'vendor/a.go', 'lib/third_party/b.c'].map(
        isGeneratedByName,
      ),
    ).toEqual(Array(8).fill(true));
    expect(['src/lock.ts', 'README.md', 'app.js', 'minimal.js', 'vendors.md'].map(isGeneratedByName)).toEqual(Array(5).fill(false));
  });

  it('reads .gitattributes as git does: the same answers as `git check-attr`', async () => {
    const repo = new RepoBuilder();
    const files: Record<string, string> = { '.gitattributes': `${ROOT_ATTRIBUTES}\n`, 'api/.gitattributes': 'sub/openapi.json -linguist-generated\n' };
    for (const p of PATHS) files[p] = 'x\n';
    repo.commit({ author: 'Alex Rivera <alex@example.com>', date: '2025-01-01T12:00:00+00:00', subject: 'everything', files });

    const { files: attributeFiles, fingerprint } = await readAttributeFiles(repo.dir);
    expect(attributeFiles.map(f => f.dir)).toEqual(['', 'api']);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const classify = generatedFileClassifier(attributeFiles);

    // git's own verdict for the attributes, independent of our parser; then the name rules on top where the
    // repository says nothing.
    const out = execFileSync('git', ['check-attr', '-z', '--stdin', 'linguist-generated', 'linguist-vendored', 'diff'], {
      cwd: repo.dir,
      input: PATHS.join('\0') + '\0',
      encoding: 'utf8',
    });
    const fields = out.split('\0');
    const byPath = new Map<string, Record<string, string>>();
    for (let i = 0; i + 2 < fields.length; i += 3) byPath.set(fields[i]!, { ...byPath.get(fields[i]!), [fields[i + 1]!]: fields[i + 2]! });
    const expected = PATHS.map(p => {
      const a = byPath.get(p)!;
      const said = [a['linguist-generated'], a['linguist-vendored']];
      if (a.diff === 'unset' || said.some(v => v === 'set' || v === 'true')) return true;
      if (said.some(v => v === 'false' || v === 'unset')) return false;
      return isGeneratedByName(p);
    });
    expect(PATHS.map(classify)).toEqual(expected);
    // And the answers themselves, so a change in both cannot pass unnoticed.
    expect(PATHS.filter(classify)).toEqual([
      'package-lock.json',
      'web/yarn.lock',
      'go.sum',
      'src/gen/api.pb.go',
      'docs/site/app.min.js',
      'assets/app.js.map',
      'vendor/lib/x.c',
      'third_party/y/z.h',
      'schema/generated/types.ts',
      'snapshots/a.snap',
      'deep/er/snapshots/b.snap',
      'fixtures/big.json',
      'api/openapi.json',
      'logo.png',
    ]);
  });

  it('has no rules and an empty fingerprint without .gitattributes', async () => {
    const repo = new RepoBuilder();
    repo.commit({ author: 'Alex Rivera <alex@example.com>', date: '2025-01-01T12:00:00+00:00', subject: 'one' });
    expect(await readAttributeFiles(repo.dir)).toEqual({ files: [], fingerprint: '' });
  });
});

describe('ownership without generated files', () => {
  it('leaves lockfiles and files .gitattributes marks generated out of line shares, and rebuilds the cache when the rules change', async () => {
    const { analyze } = await import('../../src/core/analyze');
    const { tempDir } = await import('./helpers/repoBuilder');
    const ME = 'Alex Rivera <alex@example.com>';
    const BOB = 'Bob Stone <bob@example.com>';
    const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';
    const repo = new RepoBuilder();
    repo.commit({
      author: ME,
      date: '2025-02-01T12:00:00+00:00',
      subject: 'Set up',
      files: { 'README.md': lines(10, 'readme'), '.gitattributes': 'gen/** linguist-generated\n', 'gen/api/hooks.ts': lines(5, 'hook') },
    });
    for (let i = 1; i <= 3; i++) {
      repo.commit({
        author: ME,
        date: `2025-02-0${i + 1}T12:00:00+00:00`,
        subject: `Work ${i}`,
        files: { 'src/core/app.ts': lines(10 * i, 'app'), 'README.md': lines(10 + i, 'readme') },
      });
      repo.commit({
        author: BOB,
        date: `2025-03-0${i}T12:00:00+00:00`,
        subject: `Bump ${i}`,
        files: { 'package-lock.json': lines(1000 * i, 'lock'), 'gen/api/client.ts': lines(500 * i, 'gen') },
      });
    }
    const cacheDir = tempDir('gl-cache-');
    const run = () => analyze({ repos: [repo.dir], since: '2025-01-01', now: new Date('2025-06-01T00:00:00Z'), cacheDir });
    const root = (a: Awaited<ReturnType<typeof run>>) => a.ownership.find(o => o.path === './')!;

    const a = await run();
    // README and .gitattributes lines only (11 + 3): the lockfile's 6,000 changed lines are not anyone's work on the root, and gen/ is nobody's area.
    expect(root(a)).toMatchObject({ share: 1, linesChanged: 14, totalLinesChanged: 14, mainDeveloper: true });
    expect(a.ownership.map(o => o.path).sort()).toEqual(['./', 'src/core/']);
    expect(a.evidence.find(e => e.signal === 'ownership.mainDeveloper' && e.paths[0] === './')?.summary).toMatch(
      /^Main developer of \(repository root\): 100%/,
    );

    // The repository takes gen/ back: the cached history was counted with the old rules, so it is rebuilt.
    repo.commit({
      author: ME,
      date: '2025-04-01T12:00:00+00:00',
      subject: 'Count generated code',
      files: { '.gitattributes': 'gen/** -linguist-generated\n' },
    });
    const b = await run();
    expect(b.ownership.map(o => o.path).sort()).toEqual(['./', 'gen/api/', 'src/core/']);
    expect(b.ownership.find(o => o.path === 'gen/api/')).toMatchObject({ linesChanged: 5, totalLinesChanged: 5 + 1500 }); // each bump adds 500 lines
    const { analyze: fresh } = await import('../../src/core/analyze');
    const uncached = await fresh({ repos: [repo.dir], since: '2025-01-01', now: new Date('2025-06-01T00:00:00Z') });
    expect(b.ownership).toEqual(uncached.ownership);
    expect(root(b).totalLinesChanged).toBe(root(a).totalLinesChanged + 2); // the edited .gitattributes itself
  });
});
