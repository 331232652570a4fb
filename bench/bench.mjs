#!/usr/bin/env node
// Benchmarks the analysis against raw `git log` on the same machine, in one run, and prints ratios (each from runs
// that alternate with git's, so that the machine's drift touches both alike).
// Usage: npm run bench [-- --commits 100000] [--repo PATH]... [--runs 3]
// The generated history is kept in bench/.data between runs. Results: a table on stdout and bench/results/latest.json.
import { spawn, execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generateHistory.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const commits = Number(option('--commits', 100_000));
const runs = Number(option('--runs', 3));
const extraRepos = args.flatMap((a, i) => (a === '--repo' ? [path.resolve(args[i + 1])] : []));
const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
// The exact format the history reader asks git for, taken from the built CLI so the reference cannot drift.
const { LOG_FORMAT: format } = (await import(cli)).default;

/** Runs a command, draining its stdout as a reader would; returns wall ms and, from the CLI, its peak RSS. */
function timed(command, argv, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', b => (bytes += b.length));
    child.stderr.on('data', b => (stderr += b));
    child.on('error', reject);
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${command} ${argv.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      const stats = /growth-ledger-stats (\{.*\})/.exec(stderr);
      resolve({ ms, bytes, maxRssBytes: stats ? JSON.parse(stats[1]).maxRssBytes : undefined });
    });
  });
}

const middle = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The run of median time. */
const medianRun = results => [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];

async function median(fn) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await fn());
  return medianRun(results);
}

/**
 * Runs `reference` and `ours` alternately, `runs` times each, so that a change in the machine's speed during the
 * bench touches both alike. Returns the median of each and the median of the paired ratios ours / reference.
 */
async function paired(reference, ours) {
  const pairs = [];
  for (let i = 0; i < runs; i++) pairs.push({ reference: await reference(), ours: await ours() });
  return {
    reference: medianRun(pairs.map(p => p.reference)),
    ours: medianRun(pairs.map(p => p.ours)),
    ratio: middle(pairs.map(p => p.ours.ms / p.reference.ms)),
    all: pairs.map(p => p.ours),
  };
}

function sinceOneYear() {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 1);
  return d.toISOString().slice(0, 10);
}

/** The reader counts whose scaling the bench prints: one, two, and one per core. */
const readerCounts = [...new Set([1, 2, os.availableParallelism()])];

async function benchRepo(repo, label) {
  const since = sinceOneYear();
  const logArgs = ['log', '-z', '--numstat', '-M', '--no-ext-diff', '--no-textconv', '--no-color', '--no-notes', `--format=${format}`];
  // The cheapest whole read git offers: which files each commit touched, no line counts.
  const rawArgs = ['log', '-z', '--raw', '-M', '--no-ext-diff', '--no-textconv', '--no-color', '--no-notes', `--format=${format}`];
  const stats = { GROWTH_LEDGER_STATS: '1' };
  const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'gl-bench-cache-'));
  let fresh = 0;
  const newCache = () => path.join(cacheRoot, String(fresh++));
  // The CLI prints the refreshed assessment (the summary); `--json` would add the cost of printing every evidence item.
  const analyzeWith = (cacheDir, ...extra) => timed(process.execPath, [cli, 'analyze', '--repo', repo, '--cache-dir', cacheDir, ...extra], repo, stats);
  // Cold: an empty cache each time, against git producing the whole history. Warm: the cache a cold run left, nothing new.
  const full = await paired(
    () => timed('git', [...logArgs, 'HEAD', '--'], repo),
    () => analyzeWith(newCache()),
  );
  const { reference, ours: cold } = full;
  // Into a pipe git writes each commit on its own unless GIT_FLUSH=0, as Growth Ledger runs it; the same reference
  // run that way shows how much of git's time the reference spends on those writes.
  const buffered = await median(() => timed('git', [...logArgs, 'HEAD', '--'], repo, { GIT_FLUSH: '0' }));
  // How a cold read scales with the git processes allowed to read at once. The default is one per core: that row is
  // the cold run above, not run again.
  const scaling = [];
  for (const readers of readerCounts) {
    const run =
      readers === os.availableParallelism()
        ? full
        : await paired(
            () => timed('git', [...logArgs, 'HEAD', '--'], repo),
            () => analyzeWith(newCache(), '--readers', String(readers)),
          );
    scaling.push({ readers, ms: run.ours.ms, ratio: run.ratio });
  }
  // The last 12 months from an empty cache, against git's cheapest read of the whole history.
  const coldPeriod = await paired(
    () => timed('git', [...rawArgs, 'HEAD', '--'], repo),
    () => analyzeWith(newCache(), '--since', since),
  );
  const warmCache = newCache();
  await analyzeWith(warmCache);
  const warm = await median(() => analyzeWith(warmCache));
  // Incremental: one new commit on top of the cached history (removed again afterwards).
  const incremental = await median(async () => {
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', 'One more commit'], {
      cwd: repo,
    });
    try {
      return await analyzeWith(warmCache);
    } finally {
      execFileSync('git', ['reset', '-q', '--soft', 'HEAD~1'], { cwd: repo });
      await analyzeWith(warmCache); // back to the cached head for the next round (a rebuild, not timed)
    }
  });
  const twelveMonths = await paired(
    () => timed('git', [...logArgs, `--since-as-filter=${since}T00:00:00`, 'HEAD', '--'], repo),
    () => analyzeWith(warmCache, '--since', since),
  );
  const { reference: referencePeriod, ours: period } = twelveMonths;
  // What every CLI figure above includes before any analysis: starting Node, and starting it with the CLI loaded.
  const processStart = {
    nodeMs: (await median(() => timed(process.execPath, ['-e', '0'], repo))).ms,
    cliMs: (await median(() => timed(process.execPath, [cli, '--version'], repo))).ms,
  };
  const session = await benchSession(repo, newCache(), since, newCache);
  rmSync(cacheRoot, { recursive: true, force: true });
  const count = Number(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }));
  return {
    label,
    repo,
    commits: count,
    referenceCommand: `git ${logArgs.slice(0, -1).join(' ')} --format=<the reader's format> HEAD --`,
    reference: { fullMs: reference.ms, bufferedMs: buffered.ms, periodMs: referencePeriod.ms, outputBytes: reference.bytes },
    // Peak memory: the highest of the cold runs.
    cold: { ms: cold.ms, ratio: full.ratio, maxRssMb: Math.max(...full.all.map(r => r.maxRssBytes)) / 2 ** 20, target: 0.75 },
    scaling,
    coldPeriod: { since, rawMs: coldPeriod.reference.ms, ms: coldPeriod.ours.ms, ratio: coldPeriod.ratio, target: 1.5 },
    warm: { ms: warm.ms, ofCold: warm.ms / cold.ms, target: 0.05 },
    incremental: { ms: incremental.ms, targetMs: 300 },
    processStart,
    period: { since, ms: period.ms, ratio: twelveMonths.ratio, target: 1.0, note: 'cache on disk' },
    session,
  };
}

/**
 * A scan worker (dist/scanWorker.js, the file the extension starts) and a function to ask it for one analysis as the
 * extension does: with the panel's view sent ahead. Times, from the request: `viewMs` to the view (the panel is
 * refreshed then), `ms` to the whole analysis.
 */
function startWorker(repo, cacheDir, since) {
  const worker = new Worker(path.join(root, 'dist', 'scanWorker.js'));
  let id = 0;
  const scan = () =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const started = process.hrtime.bigint();
      const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
      let viewMs;
      const onMessage = message => {
        if (message.id !== mine || message.type === 'progress') return;
        if (message.type === 'assessed') return void (viewMs = elapsed());
        worker.off('message', onMessage);
        if (message.type === 'error') reject(new Error(message.error.message));
        else resolve({ ms: elapsed(), viewMs });
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'scan', id: mine, options: { repos: [repo], cacheDir, ...(since ? { since } : {}) }, view: { remoteLinks: true } });
    });
  // As the extension ends it: the worker finishes what it was asked, writes what it keeps for the next window, and exits.
  const stop = () =>
    new Promise(resolve => {
      worker.once('exit', resolve);
      worker.postMessage({ type: 'stop' });
    });
  return { scan, stop };
}

/**
 * The extension's way: one long-lived scan worker asked for analyses over its message protocol, as the panel asks
 * when HEAD moves. `reopened` is the first scan in a new window: a new worker, with the cache files on disk. Each
 * incremental run commits once more on top of what the worker last analysed and asks again, a moment after the
 * previous refresh (as after a commit); the commits are removed at the end.
 */
async function benchSession(repo, cacheDir, since, newCache) {
  // The panel's first paint: a new window on the default 12 months, nothing cached (a new cache folder each time).
  const firstPaint = await median(async () => {
    const cold = startWorker(repo, newCache(), since);
    try {
      return await cold.scan();
    } finally {
      await cold.stop();
    }
  });
  const first = startWorker(repo, cacheDir);
  await first.scan(); // cold: writes the cache files
  await first.stop();
  const { scan, stop } = startWorker(repo, cacheDir);
  let added = 0;
  try {
    const reopened = await scan();
    const warm = await median(scan);
    const incremental = await median(async () => {
      await new Promise(resolve => setTimeout(resolve, 2000));
      execFileSync(
        'git',
        ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', `One more commit ${++added}`],
        { cwd: repo },
      );
      return scan();
    });
    return { firstPaint, reopened, warm, incremental };
  } finally {
    await stop();
    if (added) execFileSync('git', ['reset', '-q', '--soft', `HEAD~${added}`], { cwd: repo });
  }
}

const dataDir = path.join(root, 'bench', '.data');
const generated = path.join(dataDir, `history-${commits}`);
if (!existsSync(path.join(generated, '.git'))) {
  mkdirSync(dataDir, { recursive: true });
  const t = Date.now();
  await generateHistory(generated, { commits });
  console.log(`generated ${commits} commits in ${((Date.now() - t) / 1000).toFixed(1)} s: ${generated}`);
}
const results = [];
for (const [repo, label] of [[generated, `generated ${commits}`], ...extraRepos.map(r => [r, path.basename(r)])]) results.push(await benchRepo(repo, label));

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim(),
  date: new Date().toISOString(),
};
const f = n => (n === null || n === undefined ? 'n/a' : n.toFixed(2));
console.log(
  `\nmachine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.node}, ${machine.git}, ${machine.date}; median of ${runs}`,
);
for (const r of results) console.log(`reference (${r.label}): ${r.referenceCommand}`);
console.log('\nCLI, a new process each time (growth-ledger analyze, printing the assessment):');
console.log(
  '| repository | commits | git log --numstat (s) | cold (s) | cold ratio (≤ 0.75) | peak RSS (MB, ≤ 400) | warm (s) | warm / cold (≤ 0.05) | incremental (ms, < 300) | 12 months: git (s) | 12 months (s) | ratio (< 1.0) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.commits} | ${f(r.reference.fullMs / 1000)} | ${f(r.cold.ms / 1000)} | ${f(r.cold.ratio)} | ${r.cold.maxRssMb.toFixed(0)} | ${f(r.warm.ms / 1000)} | ${f(r.warm.ofCold)} | ${r.incremental.ms.toFixed(0)} | ${f(r.reference.periodMs / 1000)} | ${f(r.period.ms / 1000)} | ${f(r.period.ratio)} |`,
  );
}
for (const r of results) {
  console.log(
    `${r.label}: a new process alone costs ${r.processStart.nodeMs.toFixed(0)} ms (node -e 0), ${r.processStart.cliMs.toFixed(0)} ms with the CLI loaded (growth-ledger --version); every CLI figure above includes it`,
  );
}
for (const r of results) {
  console.log(
    `${r.label}: git log --numstat with GIT_FLUSH=0 (one write per buffer, as Growth Ledger runs git) ${f(r.reference.bufferedMs / 1000)} s; cold / that ${f(r.cold.ms / r.reference.bufferedMs)}x`,
  );
}
console.log(
  '\nCLI cold, empty cache: the whole history with 1, 2 and all git readers (against git log --numstat), and the last 12 months (against the whole git log --raw):',
);
console.log(
  `| repository | ${readerCounts.map(n => `${n} reader${n === 1 ? '' : 's'} (s, ratio)`).join(' | ')} | 12 months: git log --raw (s) | 12 months cold (s) | ratio (≤ 1.5) |`,
);
console.log(`| --- | ${readerCounts.map(() => '---').join(' | ')} | --- | --- | --- |`);
for (const r of results) {
  const cells = r.scaling.map(s => `${f(s.ms / 1000)}, ${f(s.ratio)}x`);
  console.log(`| ${r.label} | ${cells.join(' | ')} | ${f(r.coldPeriod.rawMs / 1000)} | ${f(r.coldPeriod.ms / 1000)} | ${f(r.coldPeriod.ratio)} |`);
}
console.log("\nExtension scan worker (dist/scanWorker.js, kept between refreshes): from the request to the panel's view | to the whole analysis, in ms");
console.log(
  '| repository | first paint, empty cache, 12 months (view ≤ 5000) | first scan of a new window | warm, nothing new | warm / CLI cold (≤ 0.05) | incremental, one new commit (< 300) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
const both = t => `${t.viewMs.toFixed(0)} \\| ${t.ms.toFixed(0)}`;
for (const r of results) {
  const s = r.session;
  console.log(`| ${r.label} | ${both(s.firstPaint)} | ${both(s.reopened)} | ${both(s.warm)} | ${f(s.warm.viewMs / r.cold.ms)} | ${both(s.incremental)} |`);
}
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify({ machine, runs, results }, null, 2));
console.log(`\n${JSON.stringify({ machine, results })}`);
