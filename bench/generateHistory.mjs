#!/usr/bin/env node
// Generates a large, realistic git history with `git fast-import`, so 100,000 commits take seconds:
// thousands of authors (some with old addresses folded by .mailmap), reviews, mentoring and co-author trailers,
// bots and AI co-authors, topic branches merged GitHub- and GitLab-style, renames and binary files.
// Deterministic for a given size. Usage: node bench/generateHistory.mjs DIR [--commits 100000] [--force]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../scripts/makeSampleRepo.mjs';

export const ME = { name: 'Alex Rivera', email: 'alex.rivera@example.com' };

const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dana',
  'Eli',
  'Fatima',
  'Gus',
  'Hana',
  'Ivan',
  'Jia',
  'Kofi',
  'Lena',
  'Mo',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
  'Rui',
  'Sara',
  'Tom',
  'Uma',
  'Vik',
  'Wen',
  'Xia',
  'Yara',
  'Zed',
];
const LAST = ['Ito', 'Khan', 'Lopez', 'Meyer', 'Novak', 'Okafor', 'Park', 'Quist', 'Rossi', 'Silva', 'Tanaka', 'Umar', 'Vogel', 'Weber', 'Xu', 'Young', 'Zhou'];
const AREAS = [
  'api',
  'billing',
  'search',
  'auth',
  'ledger',
  'reports',
  'notify',
  'storage',
  'web',
  'mobile',
  'infra',
  'payments',
  'risk',
  'export',
  'import',
  'admin',
];
const VERBS = ['Add', 'Fix', 'Refactor', 'Improve', 'Remove', 'Document', 'Speed up', 'Harden', 'Test', 'Rename'];

export async function generateHistory(dir, { commits = 100_000, authors = 3000 } = {}) {
  const random = mulberry32(commits * 7919 + authors);
  const pick = list => list[Math.floor(random() * list.length)];
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['-C', dir, 'config', 'user.name', ME.name]);
  execFileSync('git', ['-C', dir, 'config', 'user.email', ME.email]);

  const people = [ME];
  for (let i = 1; i < authors; i++) people.push({ name: `${pick(FIRST)} ${pick(LAST)} ${i}`, email: `dev${i}@example.com` });
  // A fifth of the people (and me) once committed from an old address that .mailmap folds into the current one.
  const alias = p => ({ name: p.name, email: p.email.replace('@example.com', '@old-laptop.local') });
  const mailmap =
    people
      .filter((_, i) => i % 5 === 0)
      .map(p => `${p.name} <${p.email}> <${alias(p).email}>`)
      .join('\n') + '\n';
  const bot = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };
  const ai = { name: 'Claude', email: 'noreply@anthropic.com' };

  const files = [];
  for (const area of AREAS) for (let m = 0; m < 12; m++) files.push(`src/${area}/module${m}/file${m}.ts`);
  for (let d = 0; d < 40; d++) files.push(`docs/${pick(AREAS)}-guide-${d}.md`);
  const contents = new Map();

  const fi = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  fi.stdin.on('error', () => undefined); // a failed fast-import is reported by its exit code below
  const exited = new Promise((resolve, reject) => fi.on('close', code => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))));
  let buffer = [];
  let size = 0;
  const flush = async () => {
    if (!fi.stdin.write(Buffer.concat(buffer))) await new Promise(r => fi.stdin.once('drain', r));
    buffer = [];
    size = 0;
  };
  const out = async chunk => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    buffer.push(b);
    size += b.length;
    if (size > 1 << 20) await flush();
  };
  const data = async body => {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    await out(`data ${b.length}\n`);
    await out(b);
    await out('\n');
  };

  const end = Math.floor(Date.now() / 1000) - 86400;
  const span = 5 * 365 * 86400;
  let mark = 0;
  let mainTip = 0;
  const ident = (who, t) => `${who.name} <${who.email}> ${t} +0000`;

  async function commit(ref, { author, committer = author, time, message, from, merge, changes }) {
    mark++;
    await out(`commit ${ref}\nmark :${mark}\nauthor ${ident(author, time)}\ncommitter ${ident(committer, time)}\n`);
    await data(message);
    if (from) await out(`from :${from}\n`);
    if (merge) await out(`merge :${merge}\n`);
    for (const c of changes) {
      if (c.rename) await out(`R "${c.rename[0]}" "${c.rename[1]}"\n`);
      else {
        await out(`M 100644 inline ${c.path}\n`);
        await data(c.content);
      }
    }
    return mark;
  }

  const edit = file => {
    const lines = contents.get(file) ?? [];
    lines.push(`// ${pick(VERBS).toLowerCase()} ${Math.floor(random() * 1e6).toString(36)}`);
    if (lines.length > 14) lines.splice(Math.floor(random() * lines.length), 2);
    contents.set(file, lines);
    return { path: file, content: lines.join('\n') + '\n' };
  };
  const someone = () => (random() < 0.04 ? ME : people[1 + Math.floor(random() * (people.length - 1))]);
  const trailersFor = author => {
    const t = [];
    const r = random();
    if (r < 0.25) t.push(`Reviewed-by: ${(random() < 0.12 ? ME : someone()).name} <${(random() < 0.12 ? ME : someone()).email}>`);
    else if (r < 0.3) t.push(`Acked-by: ${ME.name} <${random() < 0.5 ? ME.email : alias(ME).email}>`);
    else if (r < 0.33) t.push(`Tested-by: ${someone().name} <${someone().email}>`);
    if (random() < 0.05) t.push(`${random() < 0.5 ? 'Mentored-by' : 'Mentored by'}: ${ME.name} <${ME.email}>`);
    if (random() < 0.05) t.push(`Helped-by: ${someone().name} <${someone().email}>`);
    if (random() < 0.06)
      t.push(
        `${random() < 0.5 ? 'Co-authored-by' : 'Co-Authored-By'}: ${author === ME ? someone().name : ME.name} <${author === ME ? someone().email : ME.email}>`,
      );
    if (random() < 0.02) t.push(`Co-authored-by: ${ai.name} <${ai.email}>`);
    return t;
  };
  const message = (subject, trailers) =>
    `${subject}\n${random() < 0.3 ? `\nThe root cause was ${pick(AREAS)} state shared between requests; this keeps it per request.\n` : ''}${trailers.length ? `\n${trailers.join('\n')}\n` : ''}`;

  mainTip = await commit('refs/heads/main', {
    author: people[1],
    time: end - span,
    message: 'Initial commit\n',
    changes: [
      { path: '.mailmap', content: mailmap },
      { path: 'README.md', content: '# Big service\n' },
    ],
  });
  let made = 1;
  let renames = 0;
  while (made < commits) {
    const time = end - span + Math.floor((span * made) / commits);
    if (random() < 0.05 && made + 5 < commits) {
      // A topic branch of 2-4 commits, merged with --no-ff.
      const owner = someone();
      const n = 2 + Math.floor(random() * 3);
      let tip = 0;
      const touched = new Set();
      for (let i = 0; i < n; i++) {
        const file = pick(files);
        touched.add(file);
        tip = await commit('refs/heads/topic', {
          author: owner,
          time: time + i,
          message: message(`${pick(VERBS)} ${pick(AREAS)} ${file.split('/')[2] ?? ''}`, trailersFor(owner)),
          from: i === 0 ? mainTip : undefined,
          changes: [edit(file)],
        });
        made++;
      }
      const merger = random() < 0.15 ? ME : someone();
      const gitlab = random() < 0.3;
      const msg = gitlab
        ? `Merge branch '${owner.email.split('@')[0]}/topic' into 'main'\n\nSee merge request acme/big!${made}\n`
        : `Merge pull request #${made} from ${owner.email.split('@')[0]}/topic\n`;
      // fast-import does not merge trees: the merge commit states the branch's files as they ended up.
      const merged = [...touched].map(path => ({ path, content: contents.get(path).join('\n') + '\n' }));
      mainTip = await commit('refs/heads/main', { author: merger, time: time + n, message: msg, from: mainTip, merge: tip, changes: merged });
      made++;
      continue;
    }
    const r = random();
    let author = someone();
    if (r < 0.03) author = bot;
    if (random() < 0.02) author = alias(author === bot ? ME : author);
    const changes = [];
    if (random() < 0.003 && renames < 500) {
      const from = pick(files);
      const to = from.replace(/file(\d+)\.ts$/, `renamed${renames++}.ts`);
      if (contents.has(from) && !contents.has(to)) {
        changes.push({ rename: [from, to] });
        contents.set(to, contents.get(from));
        contents.delete(from);
        files[files.indexOf(from)] = to;
      }
    }
    if (random() < 0.005)
      changes.push({ path: `assets/image${made % 200}.png`, content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, made & 255, (made >> 8) & 255, 0]) });
    const count = 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) changes.push(edit(pick(files)));
    const subject =
      author === bot
        ? `Bump dependency ${made % 97} from 1.${made % 10}.0 to 1.${(made % 10) + 1}.0`
        : `${pick(VERBS)} ${pick(AREAS)} ${(changes.at(-1).path ?? '').split('/')[2] ?? ''}${random() < 0.1 ? ` (#${made})` : ''}`;
    const committer = random() < 0.01 ? ME : author;
    mainTip = await commit('refs/heads/main', { author, committer, time, message: message(subject, author === bot ? [] : trailersFor(author)), changes });
    made++;
  }
  await out('reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\ndone\n');
  await flush();
  fi.stdin.end();
  await exited;
  execFileSync('git', ['-C', dir, 'update-ref', '-d', 'refs/heads/topic'], { stdio: 'ignore' });
  execFileSync('git', ['-C', dir, 'reset', '-q', '--hard', 'main']);
  execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'https://github.com/acme/big.git']);
  return { dir, commits: made };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = path.resolve(args.find(a => !a.startsWith('--')) ?? 'bench/.data/history');
  const n = Number(args[args.indexOf('--commits') + 1]) || 100_000;
  if (existsSync(dir)) {
    if (!args.includes('--force')) {
      console.error(`${dir} exists; pass --force to replace it`);
      process.exit(2);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const started = Date.now();
  const result = await generateHistory(dir, { commits: n });
  console.log(`${result.dir}: ${result.commits} commits in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
