import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type AnalyzeOptions } from '../../src/core/analyze';
import { analyzeRepository, createAnalysisMemory } from '../../src/core/repoAnalysis';
import { parsePeriod } from '../../src/core/period';
import { saveResults } from '../../src/core/resultStore';
import { buildKnownHistory } from './helpers/knownHistory';
import { ALEX, BOB, CARA, DEV, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const FIONA = 'Fiona Gale <fiona@example.com>';
const GUS = 'Gus Early <gus@example.com>';
const HANA = 'Hana Ito <hana@example.com>';

/**
 * A stored result is reused when nothing changed and extended when HEAD moved forward. Either way the analysis must be
 * exactly what a fresh analysis without any cache says, for every kind of new commit, including the ones that change
 * what older commits mean (and so must start over).
 */
describe('stored results', () => {
  it('match a fresh analysis after every kind of change, from disk and from memory', async () => {
    const r = buildKnownHistory();
    const base: AnalyzeOptions = { repos: [r.dir], since: '2025-01-01', now: new Date('2025-12-01T12:00:00Z') };
    const cacheDir = tempDir();
    const memory = createAnalysisMemory();
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    // The repository's own result, stored or made without a cache: its quarters are not in the analysis as they are.
    // Lists whose order means nothing (people are ordered when repositories are combined; areas' lifetime touches
    // come in the order the history met the areas, which a cache may change) are compared sorted.
    const byEmail = (people: { email: string }[]) => [...people].sort((a, b) => a.email.localeCompare(b.email));
    const repoResult = async (cache?: string) => {
      const result = await analyzeRepository(r.dir, { now: base.now, ...(cache ? { cacheDir: cache } : {}) }, parsePeriod(base.since), []);
      return {
        ...result,
        mentoring: { ...result.mentoring, people: byEmail(result.mentoring.people) },
        quarters: result.quarters.map(q => ({ ...q, mentees: byEmail(q.mentees) })),
        state: { ...result.state, touches: [...result.state.touches].sort(([a], [b]) => a.localeCompare(b)) },
      };
    };
    const check = async (what: string) => {
      const expected = plain(await analyze(base));
      expect(plain(await analyze({ ...base, cacheDir })), `${what}: from the cache folder`).toBe(expected);
      expect(await repoResult(cacheDir), `${what}: the result stored`).toEqual(await repoResult());
      expect(plain(await analyze({ ...base, cacheDir: tempDir(), memory })), `${what}: from memory`).toBe(expected);
      return expected;
    };

    await check('first run');
    expect(readdirSync(cacheDir).some(f => f.startsWith('result-'))).toBe(true);
    await check('nothing new');

    r.commit({ author: BOB, date: dayAt('2025-08-04'), subject: 'Retry webhooks', trailers: [`Reviewed-by: ${ALEX}`] });
    await check('a review of a peer');

    r.commit({ author: FIONA, date: dayAt('2025-08-05'), subject: 'First fix', trailers: [`Reviewed-by: ${ALEX}`] });
    await check("a newcomer's first change, reviewed");

    r.commit({ author: ALEX, date: dayAt('2025-08-06'), subject: 'Pair on exports', trailers: [`Co-authored-by: ${FIONA}`, `Co-authored-by: ${BOB}`] });
    await check('co-authored with a newcomer and a peer');

    const main = r.git('rev-parse', '--abbrev-ref', 'HEAD');
    r.branch('cara/reports');
    r.commit({ author: CARA, date: dayAt('2025-08-07'), subject: 'Report totals' });
    r.commit({ author: ALEX, date: dayAt('2025-08-08'), subject: 'Report layout' });
    r.commit({ author: ALEX, date: dayAt('2025-08-09'), subject: 'Report export' });
    r.checkout(main);
    r.commit({ author: DEV, date: dayAt('2025-08-09', 13), subject: 'Meanwhile on main' });
    r.merge('cara/reports', { author: ALEX, date: dayAt('2025-08-10'), message: 'Merge pull request #40 from cara/reports' });
    await check('a merged branch of mine and of a peer');

    // A newcomer's first change, reviewed by me and merged by a peer; later their branch goes on and I merge it.
    r.branch('hana/first');
    r.commit({ author: HANA, date: dayAt('2025-09-01'), subject: 'First docs fix', trailers: [`Reviewed-by: ${ALEX}`] });
    r.checkout(main);
    r.merge('hana/first', { author: BOB, date: dayAt('2025-09-02'), message: 'Merge branch hana/first' });
    await check("a newcomer's reviewed first change merged by a peer");
    r.checkout('hana/first');
    r.commit({ author: HANA, date: dayAt('2025-09-03'), subject: 'Second docs fix' });
    r.checkout(main);
    r.merge('hana/first', { author: ALEX, date: dayAt('2025-09-04'), message: 'Merge branch hana/first again' });
    await check('the same branch merged again, by me');

    r.commit({
      author: ALEX,
      date: dayAt('2025-10-20'),
      subject: 'Fix rounding (#41)',
      body: 'The root cause was an off-by-one in the cents.',
      files: { 'test/rounding.test.ts': 'r\n' },
    });
    await check('a new week, a squashed pull request, a fix with a test');

    r.commit({ author: ALEX, date: dayAt('2025-10-20', 14), subject: 'Pair on imports', trailers: [`Co-authored-by: ${GUS}`] });
    await check('co-authored with someone who has no commits of their own');

    // Their own first commit turns out to predate mine: the co-authorship above stops counting as mentoring.
    r.commit({ author: GUS, date: dayAt('2024-06-01'), committerDate: dayAt('2025-10-21'), subject: 'Backdated import' });
    await check('a newcomer dated before my first commit');

    r.git('reset', '-q', '--hard', 'HEAD~2');
    r.commit({ author: BOB, date: dayAt('2025-10-22'), subject: 'Rewritten instead', trailers: [`Acked-by: ${ALEX}`] });
    await check('rewritten history');

    // HEAD moves to a branch that merged the old HEAD in: the old mainline is now a side branch.
    r.branch('release', 'HEAD~5');
    r.commit({ author: BOB, date: dayAt('2025-10-23'), subject: 'Release notes' });
    r.merge(main, { author: BOB, date: dayAt('2025-10-24'), message: 'Merge main into release' });
    await check('a mainline that no longer runs through the old HEAD');

    r.git('config', 'user.email', 'someone.else@example.com');
    await check('a different identity');
  });

  it('extends a result across repositories analysed together', async () => {
    const a = buildKnownHistory();
    const b = new RepoBuilder();
    b.commit({ author: ALEX, date: dayAt('2025-03-01'), subject: 'Start b' });
    const base: AnalyzeOptions = { repos: [a.dir, b.dir], since: '2025-01-01', now: new Date('2025-12-01T12:00:00Z') };
    const memory = createAnalysisMemory();
    const plain = (x: object) => JSON.stringify({ ...x, generatedAt: '' });
    await analyze({ ...base, memory });
    b.commit({ author: DEV, date: dayAt('2025-09-01'), subject: 'Help b', trailers: [`Mentored-by: ${ALEX}`] });
    expect(plain(await analyze({ ...base, memory }))).toBe(plain(await analyze(base)));
  });

  it('are stored as what a refresh adds while that stays small, and read back exactly even when the additions are torn or stale', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-02-01'), subject: 'Start' });
    const reviewed = (i: number) =>
      r.commit({
        author: BOB,
        date: dayAt(`2025-03-${String(1 + (i % 28)).padStart(2, '0')}`, 9 + Math.floor(i / 28)),
        subject: `Change ${i}`,
        trailers: [`Reviewed-by: ${ALEX}`],
      });
    for (let i = 0; i < 40; i++) reviewed(i);
    const base: AnalyzeOptions = { repos: [r.dir], since: '2025-01-01', now: new Date('2025-12-01T12:00:00Z') };
    const cacheDir = tempDir();
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    const fileOf = (kind: string) => readdirSync(cacheDir).find(f => f.startsWith(`${kind}-`));
    const read = (kind: string) => readFileSync(path.join(cacheDir, fileOf(kind)!), 'utf8');
    const check = async (what: string) => expect(plain(await analyze({ ...base, cacheDir })), what).toBe(plain(await analyze(base)));

    await check('first run');
    const whole = read('result');
    expect(fileOf('additions')).toBeUndefined();

    reviewed(40);
    await check('one more review');
    expect(read('result'), 'the result file is left as it was').toBe(whole);
    expect(read('additions').length).toBeLessThan(whole.length / 2);
    reviewed(41);
    await check('another, on top of the additions');
    expect(read('result')).toBe(whole);

    const additions = path.join(cacheDir, fileOf('additions')!);
    writeFileSync(additions, read('additions').slice(0, 200));
    await check('torn additions: the result file is extended again');
    const stale = JSON.parse(read('additions'));
    writeFileSync(additions, JSON.stringify({ ...stale, base: 'another-file', head: r.git('rev-parse', 'HEAD~2') }));
    reviewed(42);
    await check('additions made on another result file are not used');
    writeFileSync(additions, JSON.stringify({ ...JSON.parse(read('additions')), result: { ...stale.result, evidence: { layout: [[0, 9999]], items: [] } } }));
    await check('additions whose layout does not fit the file are not used');
    expect(read('result')).toBe(whole);

    // Two refreshes at once write their additions side by side; whichever lands last is read, and is whole.
    reviewed(43);
    await Promise.all([analyze({ ...base, cacheDir }), analyze({ ...base, cacheDir })]);
    await check('after two refreshes at once');
    expect(read('result')).toBe(whole);

    for (let i = 44; i < 60; i++) reviewed(i);
    await check('more than an eighth as many new items: written whole again');
    expect(read('result')).not.toBe(whole);
    expect(fileOf('additions')).toBeUndefined();

    // A long-lived caller writes its additions when it saves, and another process reads them.
    const memory = createAnalysisMemory();
    await analyze({ ...base, cacheDir, memory });
    reviewed(60);
    await analyze({ ...base, cacheDir, memory });
    await saveResults(memory);
    expect(fileOf('additions')).toBeDefined();
    await check('additions a long-lived caller saved');
  });

  it('are read a line at a time, and a file missing a line or holding a foreign one is not used', async () => {
    // Thousands of reviewed commits (fast-import, so they take a moment): the evidence spans several lines of the file.
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-02-01'), subject: 'Start', files: { 'src/a.ts': 'a\n' } });
    let stream = '';
    for (let i = 0; i < 4500; i++) {
      const message = `Change ${i}\n\nReviewed-by: ${ALEX}\n`;
      const content = `v${i}\n`;
      const at = Date.parse('2025-03-01T00:00:00Z') / 1000 + i * 1800;
      stream += `commit refs/heads/main\nauthor ${BOB} ${at} +0000\ncommitter ${BOB} ${at} +0000\ndata ${message.length}\n${message}\n`;
      if (i === 0) stream += 'from refs/heads/main^0\n';
      stream += `M 100644 inline src/f${i % 9}.ts\ndata ${content.length}\n${content}\n`;
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: stream });
    r.git('reset', '-q', '--hard');
    const base: AnalyzeOptions = { repos: [r.dir], since: '2025-01-01', now: new Date('2025-12-01T12:00:00Z') };
    const cacheDir = tempDir();
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    const expected = plain(await analyze(base));
    const file = () =>
      path.join(
        cacheDir,
        readdirSync(cacheDir).find(f => f.startsWith('result-'))!,
      );
    expect(plain(await analyze({ ...base, cacheDir }))).toBe(expected);
    const lines = readFileSync(file(), 'utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header.result.evidence, 'the evidence takes several lines').toBeGreaterThanOrEqual(3);
    expect(lines.length).toBe(1 + header.result.evidence + header.result.quarters.length);
    expect(plain(await analyze({ ...base, cacheDir })), 'read back from its lines').toBe(expected);

    // The stored result is what is shown: a summary edited in the file shows, from the top folder and from below it.
    const edited = lines.map((line, n) => (n === 2 ? line.replace('Reviewed-by on', 'Stored review on') : line)).join('\n');
    expect(edited).not.toBe(lines.join('\n'));
    writeFileSync(file(), edited);
    const shown = (a: { evidence: { summary: string }[] }) => a.evidence.filter(e => e.summary.startsWith('Stored review on')).length;
    expect(shown(await analyze({ ...base, cacheDir }))).toBeGreaterThan(0);
    mkdirSync(path.join(r.dir, 'src', 'deeper'), { recursive: true });
    expect(shown(await analyze({ ...base, repos: [path.join(r.dir, 'src', 'deeper')], cacheDir }))).toBeGreaterThan(0);

    writeFileSync(file(), [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    expect(plain(await analyze({ ...base, cacheDir })), 'a line missing: recomputed').toBe(expected);
    const rewritten = readFileSync(file(), 'utf8').split('\n');
    writeFileSync(file(), rewritten.map((line, n) => (n === 1 ? '{"items":[]}' : line)).join('\n'));
    expect(plain(await analyze({ ...base, cacheDir })), 'a line that holds no items: recomputed').toBe(expected);
    writeFileSync(file(), rewritten.join('\n').slice(0, 5000));
    expect(plain(await analyze({ ...base, cacheDir })), 'torn: recomputed').toBe(expected);
  });
});

/**
 * Trailer names go through `git check-mailmap`, whose answer to a line depends only on the line and the mailmap. The
 * answers are kept by the line asked, so a refresh asks git about new lines only, and its result stays exactly what a
 * fresh analysis says, even for a mailmap entry that matches a name and an address together.
 */
describe("check-mailmap's answers", () => {
  it('are asked once per line and mailmap, and a lost, hand-edited or outdated answers file costs one question', async () => {
    const r = new RepoBuilder();
    writeFileSync(path.join(r.dir, '.mailmap'), 'Bob Stone <bob@example.com> Bobby <bob@home.example>\nCara Lind <cara@example.com> <cara@old.example>\n');
    r.commit({ author: ALEX, date: dayAt('2025-02-01'), subject: 'Start', files: { '.mailmap': readFileSync(path.join(r.dir, '.mailmap'), 'utf8') } });
    r.commit({ author: DEV, date: dayAt('2025-03-01'), subject: 'Reviewed once', trailers: [`Reviewed-by: ${ALEX}`, 'Helped-by: Cara <cara@old.example>'] });
    // git itself, noting each check-mailmap it is asked to run.
    const log = path.join(tempDir(), 'asked');
    const wrapper = path.join(tempDir(), 'git');
    const git = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(wrapper, `#!/bin/sh\ncase "$*" in *check-mailmap*) echo asked >> '${log}';; esac\nexec ${git} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const asked = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0);
    const base: AnalyzeOptions = { repos: [r.dir], since: '2025-01-01', now: new Date('2025-12-01T12:00:00Z') };
    const cacheDir = tempDir();
    const plain = (a: object) => JSON.stringify({ ...a, generatedAt: '' });
    const check = async (what: string, questions: number) => {
      const before = asked();
      expect(plain(await analyze({ ...base, cacheDir, gitPath: wrapper })), what).toBe(plain(await analyze(base)));
      expect(asked() - before, `${what}: check-mailmap runs`).toBe(questions);
    };
    const answersFile = () =>
      path.join(
        cacheDir,
        readdirSync(cacheDir).find(f => f.startsWith('mailmap-'))!,
      );

    await check('first run', 1);
    r.commit({ author: CARA, date: dayAt('2025-04-01'), subject: 'Nobody new', trailers: [`Reviewed-by: ${ALEX}`] });
    await check('a commit naming nobody new', 0);
    // The address asked before with another name: a new line, and the entry that matches name and address applies.
    r.commit({ author: ALEX, date: dayAt('2025-04-02'), subject: 'Pair with Bob as Bobby', trailers: ['Co-authored-by: Bobby <bob@home.example>'] });
    const withBobby = await analyze(base);
    expect(withBobby.evidence.some(e => e.people.includes('bob@example.com'))).toBe(true);
    await check('a name and address asked for the first time', 1);
    await check('nothing new', 0);

    writeFileSync(answersFile(), '{"fingerprint": 7}');
    r.commit({ author: CARA, date: dayAt('2025-04-03'), subject: 'After an edit', trailers: [`Reviewed-by: ${ALEX}`] });
    await check('a hand-edited answers file', 1);
    writeFileSync(answersFile(), readFileSync(answersFile(), 'utf8').slice(0, 40));
    r.commit({ author: CARA, date: dayAt('2025-04-04'), subject: 'After a tear', trailers: [`Reviewed-by: ${ALEX}`] });
    await check('a torn answers file', 1);
    rmSync(answersFile());
    r.commit({ author: CARA, date: dayAt('2025-04-05'), subject: 'After a loss', trailers: [`Reviewed-by: ${ALEX}`] });
    await check('no answers file', 1);

    writeFileSync(path.join(r.dir, '.mailmap'), 'Cara Lind <cara@example.com> <cara@old.example>\n');
    await check('another mailmap: asked again', 1);
    expect(
      JSON.parse(readFileSync(answersFile(), 'utf8')).answers.some(([line]: [string, string]) => line.startsWith('Bobby')),
      'kept for that mailmap',
    ).toBe(true);
  });
});
