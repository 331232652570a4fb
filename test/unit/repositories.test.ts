import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { discoverRepositories } from '../../src/core/git/discover';
import { renderMarkdown } from '../../src/core/packet/markdown';
import { renderHtml } from '../../src/core/packet/html';
import { buildPacketView, repositoryLabels } from '../../src/core/packet/model';
import { toAnalysisView, withSettingRepositories } from '../../src/extension/viewModel';
import { parseFromWebview } from '../../src/protocol/messages';
import { ALEX, BOB, CARA, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

/** A small repository of my work: commits, a review I gave and one I got. */
function serviceRepo(dir: string, i: number): RepoBuilder {
  const r = new RepoBuilder(dir);
  const day = (n: number) => dayAt(`2025-${String(1 + (i % 9)).padStart(2, '0')}-${String(n + 1).padStart(2, '0')}`);
  r.commit({ author: BOB, date: day(1), subject: `Scaffold service ${i}`, files: { 'README.md': `# service ${i}\n` } });
  r.commit({
    author: ALEX,
    date: day(2),
    subject: `Add the health check of service ${i}`,
    files: { 'src/health.ts': 'export const ok = true;\n' },
    trailers: [`Reviewed-by: ${BOB}`],
  });
  r.commit({
    author: CARA,
    date: day(3),
    subject: `Validate requests in service ${i}`,
    files: { 'src/validate.ts': 'export {};\n' },
    trailers: [`Reviewed-by: ${ALEX}`],
  });
  r.commit({ author: ALEX, date: day(4), subject: `Retry writes in service ${i}`, files: { 'src/retry.ts': 'export const tries = 3;\n' } });
  return r;
}

/**
 * A `git` that appends each call's arguments to a log, then runs the real git (as test/e2e/gitRecorder.mjs does for
 * the extension host): given as gitPath, it shows every git process an analysis starts.
 */
function recordingGit(dir: string): { git: string; calls: () => string[]; clear: () => void } {
  mkdirSync(dir, { recursive: true });
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const log = path.join(dir, 'calls.log');
  const git = path.join(dir, 'git');
  writeFileSync(git, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(git, 0o755);
  return {
    git,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    clear: () => rmSync(log, { force: true }),
  };
}

describe('repositories outside the workspace', () => {
  it('names each repository in the packet: every cited item leads with its repository', async () => {
    const parent = tempDir('gl-repos-');
    serviceRepo(path.join(parent, 'billing'), 1);
    serviceRepo(path.join(parent, 'ledger'), 2);
    const { repositories } = await discoverRepositories([parent]);
    const a = await analyze({ repos: repositories, since: '2025-01-01', until: '2025-12-31', now: new Date('2026-01-01T00:00:00Z') });
    const cited = buildPacketView(a).levels.flatMap(l => l.rows.flatMap(r => r.shown));
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) {
      if (e.signal !== 'win.logged') expect(e.summary.startsWith(`${path.basename(e.repo)}: `), e.summary).toBe(true);
    }
    expect(new Set(cited.map(e => path.basename(e.repo)))).toEqual(new Set(['billing', 'ledger']));
    // The analysis itself is unchanged: the label belongs to the packet.
    expect(a.evidence.every(e => !e.summary.startsWith('billing: ') && !e.summary.startsWith('ledger: '))).toBe(true);
    const md = renderMarkdown(a);
    // (Markdown may escape the colon; the label is what matters.)
    expect(md).toMatch(/^- ledger\\?: .*Reviewed\\?-by/m);
    expect(md).toMatch(/^- billing\\?: /m);
    expect(renderHtml(a)).toMatch(/<li>billing: /);
  });

  it('labels one repository not at all, and two of the same name by their parent folder too', async () => {
    expect(repositoryLabels(['/src/a/api', '/src/b/api', '/src/web'])).toEqual(
      new Map([
        ['/src/a/api', 'a/api'],
        ['/src/b/api', 'b/api'],
        ['/src/web', 'web'],
      ]),
    );
    const one = serviceRepo(path.join(tempDir('gl-repos-'), 'solo'), 3);
    const a = await analyze({ repos: [one.dir], since: '2025-01-01', until: '2025-12-31' });
    const cited = buildPacketView(a).levels.flatMap(l => l.rows.flatMap(r => r.shown));
    expect(cited.some(e => e.summary.startsWith('solo: '))).toBe(false);
  });

  it('reports a repository that fails on that repository and analyses the others', async () => {
    const parent = tempDir('gl-repos-');
    const good = serviceRepo(path.join(parent, 'a-good'), 4);
    const empty = new RepoBuilder(path.join(parent, 'b-empty')); // no commits yet
    const shallow = path.join(parent, 'c-shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${good.dir}`, shallow]);
    const other = serviceRepo(path.join(parent, 'd-other'), 5);
    mkdirSync(path.join(parent, 'e-broken', '.git'), { recursive: true }); // a .git folder with nothing in it

    const { repositories } = await discoverRepositories([parent]);
    expect(repositories.map(r => path.basename(r))).toEqual(['a-good', 'b-empty', 'c-shallow', 'd-other', 'e-broken']);
    const a: Analysis = await analyze({ repos: repositories, since: '2025-01-01', until: '2025-12-31', continueOnError: true });
    const byName = new Map(a.repos.map(r => [path.basename(r.path), r]));
    expect(byName.get('a-good')!.error).toBeUndefined();
    expect(byName.get('d-other')!.error).toBeUndefined();
    expect(byName.get('b-empty')!.error).toEqual({ code: 'empty-repo', message: `${empty.dir} has no commits yet` });
    expect(byName.get('c-shallow')!.error!.message).toMatch(/is a shallow clone/);
    expect(byName.get('e-broken')!.error).toBeDefined();
    expect(a.totals.commitsAuthored).toBe(4);
    expect(new Set(a.evidence.map(e => e.repo))).toEqual(new Set([good.dir, other.dir]));

    // The panel marks what the setting added and lists the folders it could not read, each with where to fix it.
    const view = withSettingRepositories(toAnalysisView(a, true), new Set([empty.dir, other.dir]), [
      { path: '/gone/src', message: '/gone/src does not exist. Fix or remove it in the setting growthLedger.repositories.' },
    ]);
    expect(view.repos.map(r => [r.name, !!r.fromSetting, !!r.unreachable, r.error ?? ''])).toEqual([
      ['a-good', false, false, ''],
      ['b-empty', true, false, `${empty.dir} has no commits yet`],
      ['c-shallow', false, false, expect.stringMatching(/shallow clone/)],
      ['d-other', true, false, ''],
      ['e-broken', false, false, expect.any(String)],
      ['src', true, true, '/gone/src does not exist. Fix or remove it in the setting growthLedger.repositories.'],
    ]);
    expect(withSettingRepositories(toAnalysisView(a, true), new Set(), [])).toEqual(toAnalysisView(a, true));
    expect(parseFromWebview({ type: 'openSettings', setting: 'repositories' })).toEqual({ type: 'openSettings', setting: 'repositories' });
    expect(parseFromWebview({ type: 'openSettings', setting: 'terminal.integrated.shell' })).toBeUndefined();
  });

  it('opens twenty repositories a second time without reading any history from git', async () => {
    const parent = tempDir('gl-repos-twenty-');
    for (let i = 1; i <= 20; i++) serviceRepo(path.join(parent, `svc-${String(i).padStart(2, '0')}`), i);
    const cacheDir = path.join(tempDir('gl-repos-cache-'), 'cache');
    const recorder = recordingGit(path.join(tempDir('gl-repos-git-'), 'bin'));
    const options = { since: '2025-01-01', until: '2025-12-31', cacheDir, gitPath: recorder.git, continueOnError: true, now: new Date('2026-01-01T00:00:00Z') };

    const { repositories } = await discoverRepositories([parent]);
    expect(repositories).toHaveLength(20);
    let started = performance.now();
    const first = await analyze({ ...options, repos: repositories });
    const firstMs = performance.now() - started;
    const firstCalls = recorder.calls();
    recorder.clear();
    // A second open, as a new window or CLI run makes it: nothing in memory, the cache folder as the first left it.
    started = performance.now();
    const second = await analyze({ ...options, repos: repositories });
    const secondMs = performance.now() - started;
    const secondCalls = recorder.calls();

    expect(first.repos.every(r => !r.error && r.commitsScanned === 4)).toBe(true);
    const historyReads = (calls: string[]) => calls.filter(c => /(^|\s)(log|rev-list|cat-file)(\s|$)/.test(c));
    expect(historyReads(firstCalls)).toHaveLength(20); // one `git log` per repository the first time
    expect(historyReads(secondCalls)).toEqual([]); // and none the second
    expect({ ...second, generatedAt: '' }).toEqual({ ...first, generatedAt: '' });
    // Per repository the second open asks git only what HEAD and the settings are now, and which .gitattributes
    // files it tracks (their rules decide what the cached line counts left out).
    expect(secondCalls.length).toBeLessThanOrEqual(1 + 3 * 20);

    // For comparison (reported, not asserted: timings depend on the machine), one repository opened twice.
    const oneCache = path.join(tempDir('gl-repos-cache-'), 'cache');
    await analyze({ ...options, cacheDir: oneCache, repos: repositories.slice(0, 1) });
    recorder.clear();
    started = performance.now();
    await analyze({ ...options, cacheDir: oneCache, repos: repositories.slice(0, 1) });
    const oneMs = performance.now() - started;
    console.log(
      `twenty repositories: first open ${firstCalls.length} git processes (${historyReads(firstCalls).length} history reads) in ${firstMs.toFixed(0)} ms; ` +
        `second open ${secondCalls.length} git processes (${historyReads(secondCalls).length} history reads) in ${secondMs.toFixed(0)} ms; ` +
        `one repository's second open ${recorder.calls().length} git processes in ${oneMs.toFixed(0)} ms`,
    );
  });
});
