import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './helpers/cli';
import { buildKnownHistory, EXPECTED } from './helpers/knownHistory';
import { ALEX, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

describe('CLI', () => {
  let repo: RepoBuilder;
  beforeAll(() => {
    repo = buildKnownHistory();
  });

  it('prints a readable summary and the JSON contract', async () => {
    const text = await run('analyze', '--repo', repo.dir, '--since', '2025-01-01');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Commits authored: ${EXPECTED.commitsAuthored}`);
    expect(text.stdout).toContain('Reviewed-by 1, Acked-by 1, Tested-by 1, Approved-by 1');
    expect(text.stdout).toMatch(/src\/billing\/\s+100% of lines, 7 commits \(main developer/);
    expect(text.stdout).toMatch(/Senior expectations:\n/);
    expect(text.stdout).toMatch(/next: /);
    const json = await run('analyze', '--repo', repo.dir, '--since', '2025-01-01', '--json');
    const a = JSON.parse(json.stdout);
    expect(a.totals.commitsAuthored).toBe(EXPECTED.commitsAuthored);
    expect(a.reviews.byTrailer).toEqual(EXPECTED.reviews);
  });

  it('logs a win, keeps it out of git, and puts it in the packet', async () => {
    const r = buildKnownHistory();
    const sha = r.git('rev-parse', 'HEAD~1');
    const logged = await run(
      'log-win',
      'Shipped the cache layer',
      '--repo',
      r.dir,
      '--expectation',
      'senior.delivery',
      '--commit',
      sha.slice(0, 8),
      '--impact',
      'p95 down 40%',
      '--date',
      '2025-07-15',
    );
    expect(logged.stderr).toBe('');
    expect(logged.code).toBe(0);
    const file = path.join(r.dir, '.growth', 'wins', '2025-07-15-shipped-the-cache-layer.md');
    const note = readFileSync(file, 'utf8');
    expect(note).toContain(`commits:\n  - ${sha}\n`);
    expect(note).toContain('expectations:\n  - senior.delivery\n');
    expect(r.git('status', '--porcelain')).toBe('');

    const md = path.join(r.dir, 'packet.md');
    expect((await run('packet', '--repo', r.dir, '--since', '2025-01-01', '--out', md)).code).toBe(0);
    const packet = readFileSync(md, 'utf8');
    expect(packet).toContain('### Shipped the cache layer (2025-07-15)');
    expect(packet).toContain('**Impact:** p95 down 40%');
    expect(packet).toMatch(/logged win \*Shipped the cache layer\*/);
    const html = path.join(r.dir, 'packet.html');
    expect((await run('packet', '--repo', r.dir, '--out', html, '--format', 'html')).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);

    const bad = await run('log-win', 'x', '--repo', r.dir, '--expectation', 'senior.nope');
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/^growth-ledger: unknown expectation "senior\.nope"/);
    expect((await run('log-win', 'x', '--repo', r.dir, '--commit', 'deadbeef')).stderr).toMatch(/no commit deadbeef/);
  });

  describe('bad input: one clear line, exit code 2, nothing written', () => {
    const cases: [string, () => Promise<{ args: string[]; expected: RegExp }>][] = [
      ['not a repository', async () => ({ args: ['--repo', tempDir()], expected: /is not a git repository/ })],
      ['a folder that does not exist', async () => ({ args: ['--repo', '/nonexistent/where'], expected: /does not exist/ })],
      ['an empty repository', async () => ({ args: ['--repo', new RepoBuilder().dir], expected: /has no commits yet/ })],
      [
        'a shallow clone',
        async () => {
          const src = buildKnownHistory();
          const dest = path.join(tempDir(), 'shallow');
          src.git('clone', '-q', '--depth', '2', `file://${src.dir}`, dest);
          return { args: ['--repo', dest], expected: /is a shallow clone.*git fetch --unshallow.*--allow-shallow/ };
        },
      ],
      ['git missing', async () => ({ args: ['--repo', buildKnownHistory().dir, '--git', '/nonexistent/bin/git'], expected: /git was not found/ })],
      [
        'an unknown --since',
        async () => ({
          args: ['--repo', buildKnownHistory().dir, '--since', 'last tuesday'],
          expected: /--since must be a date like 2025-11-21, got "last tuesday"/,
        }),
      ],
      ['an impossible date', async () => ({ args: ['--repo', buildKnownHistory().dir, '--until', '2025-02-30'], expected: /--until must be a date/ })],
      [
        'a broken note',
        async () => {
          const r = buildKnownHistory();
          mkdirSync(path.join(r.dir, '.growth', 'wins'), { recursive: true });
          writeFileSync(path.join(r.dir, '.growth', 'wins', 'bad.md'), '---\ntitle: [oops\n---\n');
          return { args: ['--repo', r.dir], expected: /bad\.md:\d+: invalid YAML/ };
        },
      ],
      [
        'a broken framework',
        async () => {
          const r = buildKnownHistory();
          mkdirSync(path.join(r.dir, '.growth'), { recursive: true });
          writeFileSync(
            path.join(r.dir, '.growth', 'framework.yaml'),
            'name: Mine\nareas:\n  - id: a\n    title: A\nexpectations:\n  - id: x\n    level: mid\n    area: a\n    title: X\n    signals: [made.up]\n',
          );
          return { args: ['--repo', r.dir], expected: /framework\.yaml:10: expectations\[0\]\.signals\[0\]: unknown signal "made\.up"/ };
        },
      ],
      ['an unknown option', async () => ({ args: ['--repo', '.', '--sinse', '2025-01-01'], expected: /unknown option --sinse/ })],
    ];
    for (const [name, setup] of cases) {
      it(name, async () => {
        const { args, expected } = await setup();
        const outDir = tempDir();
        for (const command of ['analyze', 'packet']) {
          const extra = command === 'packet' ? ['--out', path.join(outDir, 'p.md')] : [];
          const result = await run(command, ...args, ...extra);
          expect(result.code, result.stderr).toBe(2);
          expect(result.stderr).toMatch(expected);
          expect(result.stderr.trim().split('\n')).toHaveLength(1);
          expect(result.stderr).toMatch(/^growth-ledger: /);
          expect(result.stdout).toBe('');
        }
        expect(readdirSync(outDir)).toEqual([]);
      });
    }
  });

  describe('--discover: every repository under a folder', () => {
    it('analyses the repositories found, nested ones included, and reports one that fails without stopping the rest', async () => {
      const parent = tempDir('gl-cli-discover-');
      const payments = buildKnownHistory(path.join(parent, 'payments'));
      const tools = new RepoBuilder(path.join(parent, 'team', 'tools'));
      tools.commit({ author: ALEX, date: dayAt('2025-03-03'), subject: 'Add the release script' });
      const nested = new RepoBuilder(path.join(tools.dir, 'plugins', 'lint'));
      nested.commit({ author: ALEX, date: dayAt('2025-03-04'), subject: 'Lint the release notes' });
      const empty = new RepoBuilder(path.join(parent, 'scratch')); // no commits yet

      const result = await run('analyze', '--repo', parent, '--discover', '--since', '2025-01-01', '--json');
      expect(result.code, result.stderr).toBe(0);
      const a = JSON.parse(result.stdout);
      expect(a.repos.map((r: { path: string }) => r.path)).toEqual([payments.dir, empty.dir, tools.dir, nested.dir]);
      expect(a.repos[1].error).toMatchObject({ code: 'empty-repo' });
      expect(a.repos.filter((r: { error?: unknown }) => !r.error).every((r: { commitsScanned: number }) => r.commitsScanned > 0)).toBe(true);
      expect(a.totals.commitsAuthored).toBe(EXPECTED.commitsAuthored + 2);
      expect(new Set(a.evidence.map((e: { repo: string }) => e.repo))).toEqual(new Set([payments.dir, tools.dir, nested.dir]));
      expect(result.stderr).toBe(`growth-ledger: not analysed: ${empty.dir} has no commits yet\n`);

      const text = await run('analyze', '--repo', `${parent}/`, '--discover', '--since', '2025-01-01');
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`${empty.dir} (not analysed)`);
      expect(text.stdout).toContain(`${nested.dir} (1 commits read)`);

      const out = path.join(tempDir(), 'packet.md');
      expect((await run('packet', '--repo', parent, '--discover', '--since', '2025-01-01', '--out', out)).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/^Repositories: .*payments.*scratch.*tools.*lint/m);
    });

    it('without --discover, a parent folder is still refused as not a repository', async () => {
      const parent = tempDir('gl-cli-discover-');
      new RepoBuilder(path.join(parent, 'a')).commit({ author: ALEX, date: dayAt('2025-03-03'), subject: 'Start' });
      const result = await run('analyze', '--repo', parent);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is not a git repository/);
    });

    const cases: [string, () => { args: string[]; expected: RegExp }][] = [
      ['a folder with no repository in it', () => ({ args: ['--repo', tempDir()], expected: /^growth-ledger: no git repository found under \/.*\n$/ })],
      ['a folder that does not exist', () => ({ args: ['--repo', '/nonexistent/src'], expected: /^growth-ledger: \/nonexistent\/src does not exist\n$/ })],
      [
        'only a bare repository',
        () => {
          const parent = tempDir();
          const src = new RepoBuilder();
          src.commit({ author: ALEX, date: dayAt('2025-03-03'), subject: 'Start' });
          src.git('clone', '-q', '--bare', src.dir, path.join(parent, 'mirror.git'));
          return { args: ['--repo', parent], expected: /no git repository found under .*\(skipped .*mirror\.git: a bare repository/ };
        },
      ],
      [
        'only repositories that cannot be analysed',
        () => {
          const parent = tempDir();
          new RepoBuilder(path.join(parent, 'a'));
          new RepoBuilder(path.join(parent, 'b'));
          return { args: ['--repo', parent], expected: /^growth-ledger: no repository found could be analysed \(2 tried\): .*\/a has no commits yet\n$/ };
        },
      ],
    ];
    for (const [name, setup] of cases) {
      it(`refuses ${name}: one line, exit code 2`, async () => {
        const { args, expected } = setup();
        const outDir = tempDir();
        for (const command of ['analyze', 'packet']) {
          const extra = command === 'packet' ? ['--out', path.join(outDir, 'p.md')] : [];
          const result = await run(command, ...args, '--discover', ...extra);
          expect(result.code, result.stderr).toBe(2);
          expect(result.stderr).toMatch(expected);
          expect(result.stderr.trim().split('\n')).toHaveLength(1);
          expect(result.stdout).toBe('');
        }
        expect(readdirSync(outDir)).toEqual([]);
      });
    }

    it('is refused for log-win, which writes to one repository', async () => {
      const result = await run('log-win', 'Shipped it', '--repo', repo.dir, '--discover');
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe('growth-ledger: --discover is for analyze and packet; log-win writes to one repository, named with --repo\n');
    });
  });

  it('refuses a packet into a missing folder and an unknown format', async () => {
    expect((await run('packet', '--repo', repo.dir, '--out', '/nonexistent/dir/p.md')).stderr).toMatch(/does not exist/);
    expect((await run('packet', '--repo', repo.dir, '--out', path.join(tempDir(), 'p.pdf'), '--format', 'pdf')).stderr).toMatch(/--format must be md or html/);
  });

  it('analyses a shallow clone when asked to', async () => {
    const src = new RepoBuilder();
    for (let i = 1; i <= 4; i++) src.commit({ author: ALEX, date: dayAt(`2025-01-0${i}`), subject: `c${i}` });
    const dest = path.join(tempDir(), 'shallow');
    src.git('clone', '-q', '--depth', '2', `file://${src.dir}`, dest);
    const result = await run('analyze', '--repo', dest, '--allow-shallow', '--me', 'alex@example.com', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).totals.commitsAuthored).toBe(2);
    expect(existsSync(path.join(dest, '.growth'))).toBe(false);
  });

  it('writes a statement with pinned and hidden commits, short or full, and puts it in the packet and the self-review', async () => {
    const r = buildKnownHistory();
    const applied = r.git('log', '--format=%H', '-1', '--grep=Log slow API requests');
    const bump = r.git('log', '--format=%H', '-1', '--grep=Bump lodash');
    const wrote = await run('statement', 'mid.review', 'I land outside patches myself.', '--repo', r.dir, '--pin', applied.slice(0, 7), '--hide', bump);
    expect(wrote.stderr).toBe('');
    expect(wrote.code).toBe(0);
    const file = path.join(r.dir, '.growth', 'statements', 'mid.review.md');
    expect(wrote.stdout).toBe(`Wrote ${file} (1 pinned, 1 hidden)\n`);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`pinned: \\[ ${applied} \\]\nhidden: \\[ ${bump} \\]\n---\n\nI land outside patches myself\\.\n$`));
    expect(r.git('status', '--porcelain')).toBe('');
    // Pins alone keep the text.
    expect((await run('statement', 'mid.review', '--repo', r.dir, '--unpin', applied)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('pinned: []\nhidden: [ ');
    expect(readFileSync(file, 'utf8')).toContain('I land outside patches myself.');
    await run('statement', 'mid.review', '--repo', r.dir, '--pin', applied);

    const md = path.join(r.dir, 'packet.md');
    expect((await run('packet', '--repo', r.dir, '--since', '2025-01-01', '--out', md)).code).toBe(0);
    const packet = readFileSync(md, 'utf8');
    expect(packet).toMatch(
      /### Reviews teammates’ changes \(mid-level\): Demonstrated, 5 of 5\n\nI land outside patches myself\.\n\n- Applied "Log slow API requests"/,
    );
    expect(packet).not.toContain('Bump lodash');

    const text = await run('packet', '--repo', r.dir, '--since', '2025-01-01', '--format', 'text', '--limit', '300');
    expect(text.code).toBe(0);
    const blocks = text.stdout.trim().split('\n\n');
    expect(blocks[0]).toMatch(/^Promotion packet: Alex Rivera\nsince 2025-01-01 · Growth Ledger default/);
    const review = blocks.find(b => b.startsWith('Reviews teammates’ changes'))!;
    expect(review).toMatch(
      /^Reviews teammates’ changes \(mid-level\): Demonstrated, 5 of 5\nI land outside patches myself\.\nEvidence:\n- Applied "Log slow API requests" by Bob Stone/,
    );
    for (const block of blocks) expect(block.length).toBeLessThanOrEqual(300);
    // Plain text: nothing escaped for Markdown.
    expect(text.stdout).not.toContain('\\');
    expect(text.stdout).toContain('Merge pull request #12 from dev/search');
  });

  it.each([
    [['statement'], /statement needs an expectation id/],
    [['statement', 'no.such', 'Text'], /unknown expectation "no\.such" \(known: mid\.ownership, /],
    [['statement', '../../etc', 'Text'], /unknown expectation "\.\.\/\.\.\/etc"/],
    [['statement', 'mid.review'], /statement needs TEXT, --pin, --hide or --unpin/],
    [['statement', 'mid.review', '--pin', 'zzz'], /--pin takes a commit id, got "zzz"/],
    [['statement', 'mid.review', '--hide', 'deadbeefdeadbeef'], /no commit deadbeefdeadbeef in /],
    [['packet', '--format', 'text', '--limit', '10'], /--limit must be a whole number of characters, at least 200, got "10"/],
    [['packet', '--format', 'md'], /packet needs --out FILE/],
  ])('refuses %j with one line and exit code 2', async (argv, expected) => {
    const result = await run(...argv, '--repo', repo.dir);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(repo.dir, '.growth', 'statements'))).toBe(false);
  });
});
