// Many small real repositories and a .code-workspace with all of them, for the multi-root scale test
// (test/integration/manyRepos/). Each repository gets a few commits by "me" (Alex Rivera) and two people of its own,
// with Reviewed-by and Helped-by trailers, written with `git fast-import` (one process per repository instead of one
// per commit). What was committed is written next to the workspace as expected.json, so the test can compare.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ME = { name: 'Alex Rivera', email: 'alex.rivera@example.com' };
const DAY = 86400;

/**
 * @param {string} dir   created; holds the repositories and many.code-workspace
 * @param {{ count?: number, now?: number }} [o]  now: seconds since the epoch (default: now)
 * @returns {{ workspace: string, expected: { repos: { name: string, commits: number, authored: number, reviewed: number, helped: number, head: string }[] } }}
 */
export function makeManyRepos(dir, { count = 50, now = Math.floor(Date.now() / 1000) } = {}) {
  mkdirSync(dir, { recursive: true });
  const repos = [];
  for (let i = 1; i <= count; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    const repo = path.join(dir, name);
    const first = { name: `Dana Novak ${i}`, email: `dana${i}@example.com` };
    const second = { name: `Kofi Okafor ${i}`, email: `kofi${i}@example.com` };
    // 3 to 6 commits, oldest first; who wrote each and whose review it names.
    const plan = [
      { author: first, subject: `Scaffold ${name}`, file: 'README.md' },
      { author: ME, subject: `Add the ${name} health check`, file: 'src/health.ts', trailers: [`Reviewed-by: ${first.name} <${first.email}>`] },
      { author: second, subject: `Validate ${name} requests`, file: 'src/validate.ts', trailers: [`Reviewed-by: ${ME.name} <${ME.email}>`] },
      { author: ME, subject: `Document the ${name} API`, file: 'docs/api.md' },
      {
        author: first,
        subject: `Retry ${name} writes`,
        file: 'src/retry.ts',
        trailers: [`Reviewed-by: ${ME.name} <${ME.email}>`, `Helped-by: ${ME.name} <${ME.email}>`],
      },
      { author: ME, subject: `Speed up ${name} startup`, file: 'src/start.ts', trailers: [`Reviewed-by: ${second.name} <${second.email}>`] },
    ].slice(0, 3 + (i % 4));
    const stream = [];
    plan.forEach((c, j) => {
      const when = now - (count - i + 1) * DAY - (plan.length - j) * 3600;
      const message = `${c.subject}\n${c.trailers ? `\n${c.trailers.join('\n')}\n` : ''}`;
      const content = `// ${c.subject}\n`;
      stream.push(
        `commit refs/heads/main\nmark :${j + 1}\n`,
        `author ${c.author.name} <${c.author.email}> ${when} +0000\ncommitter ${c.author.name} <${c.author.email}> ${when} +0000\n`,
        `data ${Buffer.byteLength(message)}\n${message}\n`,
        j > 0 ? `from :${j}\n` : '',
        `M 100644 inline ${c.file}\ndata ${Buffer.byteLength(content)}\n${content}\n`,
      );
    });
    stream.push('done\n');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    const git = args => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
    git(['config', 'user.name', ME.name]);
    git(['config', 'user.email', ME.email]);
    const r = spawnSync('git', ['-C', repo, 'fast-import', '--quiet', '--done'], { input: stream.join(''), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git fast-import in ${repo}: ${r.stderr}`);
    git(['reset', '-q', '--hard', 'main']);
    if (Number(git(['rev-list', '--count', 'HEAD'])) !== plan.length) throw new Error(`${repo}: not every commit was made`);
    repos.push({
      name,
      commits: plan.length,
      authored: plan.filter(c => c.author === ME).length,
      reviewed: plan.filter(c => c.trailers?.some(t => t.startsWith(`Reviewed-by: ${ME.name}`))).length,
      helped: plan.filter(c => c.trailers?.some(t => t.startsWith(`Helped-by: ${ME.name}`))).length,
      head: git(['rev-parse', 'HEAD']),
    });
  }
  const workspace = path.join(dir, 'many.code-workspace');
  writeFileSync(workspace, JSON.stringify({ folders: repos.map(r => ({ path: r.name })), settings: {} }, null, 2));
  const expected = { repos };
  writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected, null, 2));
  return { workspace, expected };
}
