// The command line: its arguments, and each verb wired to the core. One file on purpose: the verbs share the
// argument parser and the repository/notes lookup, and each verb's work lives in the core or a module of its own.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, type Analysis } from '../core/analyze';
import { readAhead } from '../core/repoAnalysis';
import { GitError, checkGitVersion, runGit } from '../core/git/exec';
import { discoverRepositories, expandHome } from '../core/git/discover';
import { FileProblem, loadFramework } from '../core/framework/loader';
import { DEFAULT_FRAMEWORK } from '../core/framework/defaultFramework';
import type { Framework } from '../core/framework/types';
import { PeriodError } from '../core/period';
import { createWin } from '../core/notes/notesStore';
import { GH_COMMAND, GLAB_COMMAND, ReviewImportError } from '../core/imports/hostExport';
import { importReviews } from '../core/imports/reviews';
import { inspectRepository } from '../core/git/repository';
import { normaliseEmail, resolveMailmap } from '../core/git/identity';
import { excludeFromGit } from '../core/notes/privacy';
import { renderMarkdown } from '../core/packet/markdown';
import { renderHtml } from '../core/packet/html';
import { DEFAULT_SELF_REVIEW_LIMIT, MIN_SELF_REVIEW_LIMIT, renderSelfReview } from '../core/packet/selfReview';
import { isExpectationId, updateStatement } from '../core/notes/statements';
import { writeFileAtomic } from '../core/atomicWrite';
import { UsageError } from './usageError';
import { PLAN_COMMANDS, PLAN_USAGE, runPlanCommand } from './plan';
import { summaryText } from './summary';

const VERSION = '0.1.0';

const USAGE = `Usage:
  growth-ledger analyze [--repo DIR]... [--discover] [--me EMAIL]... [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]
  growth-ledger packet  [--repo DIR]... [--discover] --out FILE [--format md|html|text] [--limit N] [--me EMAIL]... [--since …] [--until …]
  growth-ledger log-win "TITLE" [--impact TEXT] [--expectation ID]... [--commit SHA]... [--tag TAG]... [--date YYYY-MM-DD]
  growth-ledger statement ID ["TEXT"] [--pin SHA]... [--hide SHA]... [--unpin SHA]...
  growth-ledger import-reviews FILE [--repo DIR]... [--login NAME]...
                     store the reviews gh or glab listed (see below); nothing goes over the network

${PLAN_USAGE}

Packets: md and html are the promotion packet; text is the self-review (per expectation: my statement and its
strongest evidence, each at most --limit characters, default ${DEFAULT_SELF_REVIEW_LIMIT}), written to standard
output when --out is not given.
Statements: ID is an expectation id (see analyze --json); TEXT replaces the statement, --pin makes a commit lead the
expectation in the packet, --hide leaves it out (it still counts), --unpin puts it back in ranked order. SHA may be
short; it must name a commit in one of the repositories.

Common options:
  --repo DIR         a repository to read (repeatable; default: the current folder)
  --discover         read every repository under each --repo folder, nested ones included (e.g. --repo ~/src);
                     a repository that cannot be read is reported and the others are still analysed
  --me EMAIL         another address of mine (repeatable; user.email and .mailmap are always used)
  --notes DIR        the notes folder (default: .growth at the first repository's root)
  --framework FILE   a framework file (default: <notes>/framework.yaml when it exists, else the built-in one)
  --exclude EMAIL    an author never counted as a person (repeatable; bots and AI assistants never are)
  --allow-shallow    analyse a shallow clone even though its history is incomplete
  --cache-dir DIR    where parsed commits are cached (default: $XDG_CACHE_HOME/growth-ledger or ~/.cache/growth-ledger)
  --no-cache         read the whole history from git and keep no cache
  --readers N        git processes that read one long history at once (default: one per core)
  --git PATH         the git executable (default: git on PATH)
  --login NAME       my user name on the code host (repeatable): requests I opened are not reviews I gave

import-reviews reads what one of these wrote:
  ${GH_COMMAND}
  ${GLAB_COMMAND}   (in each GitLab project)`;

const IMPORT_HINT = `Make the file with one of these, then run growth-ledger import-reviews reviews.json:
  ${GH_COMMAND}
  ${GLAB_COMMAND}   (in each GitLab project)`;

interface Parsed {
  command: string;
  positional: string[];
  single: Map<string, string>;
  multi: Map<string, string[]>;
  flags: Set<string>;
}

const MULTI = new Set(['repo', 'me', 'expectation', 'commit', 'tag', 'exclude', 'login', 'pin', 'hide', 'unpin', 'milestone']);
const SINGLE = new Set([
  'since',
  'until',
  'out',
  'format',
  'notes',
  'framework',
  'impact',
  'date',
  'git',
  'text',
  'cache-dir',
  'limit',
  'from',
  'kind',
  'due',
  'plan',
  'readers',
]);
const FLAGS = new Set(['json', 'allow-shallow', 'no-exclude', 'no-cache', 'discover', 'help', 'version']);

function parseArgs(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const parsed: Parsed = { command, positional: [], single: new Map(), multi: new Map(), flags: new Set() };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      parsed.positional.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (FLAGS.has(name)) {
      parsed.flags.add(name);
      continue;
    }
    if (!MULTI.has(name) && !SINGLE.has(name)) throw new UsageError(`unknown option --${name} (see growth-ledger help)`);
    const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (MULTI.has(name)) parsed.multi.set(name, [...(parsed.multi.get(name) ?? []), value]);
    else parsed.single.set(name, value);
  }
  return parsed;
}

async function repoRoot(dir: string, gitPath?: string): Promise<string> {
  return path.resolve(await runGit(path.resolve(dir), ['rev-parse', '--show-toplevel'], { gitPath }));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** With --discover, the repositories under the --repo folders; notes on what was passed over go to `err`. */
async function discovered(folders: string[], err: (s: string) => void): Promise<string[]> {
  const found = await discoverRepositories(folders);
  if (found.repositories.length === 0) {
    const why = found.problems[0]?.message ?? (found.skipped[0] && `skipped ${found.skipped[0].path}: ${found.skipped[0].reason}`);
    throw new UsageError(`no git repository found under ${folders.map(f => path.resolve(f)).join(', ')}${why ? ` (${why})` : ''}`);
  }
  for (const p of found.problems) err(`growth-ledger: not searched: ${p.message}\n`);
  for (const s of found.skipped) err(`growth-ledger: skipped ${s.path}: ${s.reason}\n`);
  if (found.truncated) err(`growth-ledger: ${found.truncated}\n`);
  return found.repositories;
}

/** The repositories and the notes folder the options name. */
async function locations(args: Parsed, err: (s: string) => void = () => {}) {
  // `--repo=~/src` reaches us unexpanded by the shell.
  const folders = (args.multi.get('repo') ?? ['.']).map(f => expandHome(f));
  const gitPath = args.single.get('git');
  for (const r of folders) {
    if (!(await exists(r))) throw new UsageError(`${path.resolve(r)} does not exist`);
  }
  const repos = args.flags.has('discover') ? await discovered(folders, err) : folders;
  // Git's version is checked (once per process) while it finds the root; a git too old to trust is reported first.
  const version = checkGitVersion({ gitPath });
  const found = repoRoot(repos[0]!, gitPath);
  found.catch(() => undefined);
  await version;
  const root = await found;
  const notesDir = path.resolve(args.single.get('notes') ?? path.join(root, '.growth'));
  return { repos, gitPath, root, notesDir };
}

async function context(args: Parsed, err: (s: string) => void = () => {}) {
  const { repos, gitPath, root, notesDir } = await locations(args, err);
  const frameworkFile = args.single.get('framework') ?? path.join(notesDir, 'framework.yaml');
  let framework: Framework = DEFAULT_FRAMEWORK;
  if (args.single.has('framework') || (await exists(frameworkFile))) framework = await loadFramework(path.resolve(frameworkFile));
  return { repos, gitPath, root, notesDir, framework };
}

/** The per-user cache folder, outside any workspace. */
function cacheDir(args: Parsed): string | undefined {
  if (args.flags.has('no-cache')) return undefined;
  const explicit = args.single.get('cache-dir');
  if (explicit) return path.resolve(explicit);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'growth-ledger');
}

function readers(args: Parsed): { readers?: number } {
  const value = args.single.get('readers');
  if (value === undefined) return {};
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--readers takes a whole number from 1 to 999, not "${value}"`);
  return { readers: Number(value) };
}

async function runAnalysis(args: Parsed, err: (s: string) => void): Promise<Analysis> {
  const cache = cacheDir(args);
  // Stored results are read while git is checked and the notes are found.
  if (cache && !args.flags.has('discover')) for (const r of args.multi.get('repo') ?? ['.']) readAhead(expandHome(r), { cacheDir: cache });
  const { repos, gitPath, notesDir, framework } = await context(args, err);
  const discover = args.flags.has('discover');
  const analysis = await analyze({
    repos,
    identities: args.multi.get('me'),
    since: args.single.get('since'),
    until: args.single.get('until'),
    notesDir,
    framework,
    excludedAuthors: args.multi.get('exclude'),
    allowShallow: args.flags.has('allow-shallow'),
    cacheDir: cache,
    ...readers(args),
    gitPath,
    // Of many repositories found, one that cannot be read (no commits yet, a shallow clone) should not hide the rest.
    continueOnError: discover,
  });
  const failed = analysis.repos.filter(r => r.error);
  if (discover && failed.length === analysis.repos.length)
    throw new UsageError(`no repository found could be analysed (${failed.length} tried): ${failed[0]!.error!.message}`);
  for (const r of failed) err(`growth-ledger: not analysed: ${r.error!.message}\n`);
  const problem = analysis.problems[0];
  if (problem) throw new UsageError(`${problem.message} (fix or move the note; it was not changed)`);
  return analysis;
}

async function commandAnalyze(args: Parsed, out: (s: string) => void, err: (s: string) => void) {
  const analysis = await runAnalysis(args, err);
  out(args.flags.has('json') ? JSON.stringify(analysis, null, 2) + '\n' : summaryText(analysis));
}

async function commandPacket(args: Parsed, out: (s: string) => void, err: (s: string) => void) {
  const target = args.single.get('out');
  const format = args.single.get('format') ?? (target?.toLowerCase().endsWith('.html') ? 'html' : target?.toLowerCase().endsWith('.txt') ? 'text' : 'md');
  if (format !== 'md' && format !== 'html' && format !== 'text')
    throw new UsageError(`--format must be md or html (the packet) or text (the self-review), got "${format}"`);
  if (!target && format !== 'text') throw new UsageError('packet needs --out FILE (only --format text writes to standard output)');
  const limitArg = args.single.get('limit');
  const limit = limitArg === undefined ? DEFAULT_SELF_REVIEW_LIMIT : Number(limitArg);
  if (!Number.isInteger(limit) || limit < MIN_SELF_REVIEW_LIMIT)
    throw new UsageError(`--limit must be a whole number of characters, at least ${MIN_SELF_REVIEW_LIMIT}, got "${limitArg}"`);
  if (target) {
    const dir = path.dirname(path.resolve(target));
    if (!(await exists(dir))) throw new UsageError(`the folder ${dir} does not exist`);
  }
  const analysis = await runAnalysis(args, err);
  const content = format === 'html' ? renderHtml(analysis) : format === 'text' ? renderSelfReview(analysis, limit) : renderMarkdown(analysis);
  if (!target) {
    out(content);
    return;
  }
  await writeFileAtomic(path.resolve(target), content);
  out(`Wrote ${path.resolve(target)}\n`);
}

/** A commit named on the command line, as its full SHA in the one analysed repository that has it. */
async function resolveCommit(sha: string, repos: string[], gitPath: string | undefined, option: string): Promise<string> {
  if (!/^[0-9a-f]{4,64}$/i.test(sha)) throw new UsageError(`--${option} takes a commit id, got "${sha}"`);
  const found = new Set<string>();
  for (const repo of repos) {
    try {
      found.add(await runGit(path.resolve(repo), ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`], { gitPath }));
    } catch {
      // Not in this repository (or ambiguous in it): the others may have it.
    }
  }
  if (found.size === 0) throw new UsageError(`no commit ${sha} in ${repos.map(r => path.resolve(r)).join(', ')}`);
  if (found.size > 1) throw new UsageError(`${sha} names more than one commit (${[...found].map(c => c.slice(0, 12)).join(', ')}); give more of it`);
  return [...found][0]!;
}

async function commandStatement(args: Parsed, out: (s: string) => void) {
  const [id, ...words] = args.positional;
  if (!id) throw new UsageError('statement needs an expectation id, e.g. growth-ledger statement senior.ownership "I own billing."');
  const { repos, gitPath, root, notesDir, framework } = await context(args);
  if (!isExpectationId(id) || !framework.expectations.some(e => e.id === id)) {
    throw new UsageError(`unknown expectation "${id}" (known: ${framework.expectations.map(e => e.id).join(', ')})`);
  }
  const resolve = async (option: string) => {
    const shas: string[] = [];
    for (const sha of args.multi.get(option) ?? []) shas.push(await resolveCommit(sha, repos, gitPath, option));
    return shas;
  };
  const change = { pin: await resolve('pin'), hide: await resolve('hide'), reset: await resolve('unpin') };
  const text = words.length ? words.join(' ') : args.single.get('text');
  if (text === undefined && !change.pin.length && !change.hide.length && !change.reset.length) {
    throw new UsageError('statement needs TEXT, --pin, --hide or --unpin');
  }
  const statement = await updateStatement(notesDir, id, { ...change, ...(text !== undefined ? { text } : {}) });
  if (!args.flags.has('no-exclude')) await excludeFromGit(root, notesDir, { gitPath });
  out(`Wrote ${statement.file} (${statement.pinned.length} pinned, ${statement.hidden.length} hidden)\n`);
}

async function commandLogWin(args: Parsed, out: (s: string) => void) {
  const title = args.positional.join(' ').trim();
  if (!title) throw new UsageError('log-win needs a title, e.g. growth-ledger log-win "Shipped the cache layer"');
  if (args.flags.has('discover')) throw new UsageError('--discover is for analyze and packet; log-win writes to one repository, named with --repo');
  const { gitPath, root, notesDir, framework } = await context(args);
  const expectations = args.multi.get('expectation') ?? [];
  for (const id of expectations) {
    if (!framework.expectations.some(e => e.id === id)) {
      throw new UsageError(`unknown expectation "${id}" (known: ${framework.expectations.map(e => e.id).join(', ')})`);
    }
  }
  const commits: string[] = [];
  for (const sha of args.multi.get('commit') ?? []) {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) throw new UsageError(`--commit takes a commit id, got "${sha}"`);
    try {
      commits.push(await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`], { gitPath }));
    } catch {
      throw new UsageError(`no commit ${sha} in ${root}`);
    }
  }
  const note = await createWin(notesDir, {
    title,
    impact: args.single.get('impact'),
    expectations,
    commits,
    tags: args.multi.get('tag'),
    date: args.single.get('date'),
    text: args.single.get('text'),
  });
  if (!args.flags.has('no-exclude')) await excludeFromGit(root, notesDir, { gitPath });
  out(`Logged ${note.file}\n`);
}

async function commandImportReviews(args: Parsed, out: (s: string) => void) {
  const [file, ...extra] = args.positional;
  if (!file) throw new UsageError('import-reviews needs FILE: the JSON that gh or glab wrote', IMPORT_HINT);
  if (extra.length) throw new UsageError(`import-reviews takes one FILE, got ${args.positional.length}`);
  if (!(await exists(file))) throw new UsageError(`${file}: no such file`, IMPORT_HINT);
  const { repos, gitPath, root, notesDir } = await locations(args);
  const facts = await Promise.all(repos.map(r => inspectRepository(r, { gitPath })));
  // Landing commits name their author through .mailmap, so my addresses are resolved the same way.
  const mine = [...new Set([...facts.map(f => f.userEmail ?? ''), ...(args.multi.get('me') ?? [])].map(normaliseEmail).filter(Boolean))];
  const myEmails = new Set(mine);
  for (const f of facts)
    for (const p of (
      await resolveMailmap(
        f.root,
        mine.map(email => ({ name: '', email })),
        { gitPath },
      )
    ).values())
      myEmails.add(p.email);
  const outcome = await importReviews(file, {
    notesDir,
    repos: facts.map(f => ({ path: f.root, head: f.head, remoteUrl: f.remoteUrl ?? null })),
    myEmails: [...myEmails],
    logins: args.multi.get('login'),
    gitPath,
  });
  const host = outcome.source === 'github' ? 'GitHub' : 'GitLab';
  out(`Imported: ${outcome.imported} review${outcome.imported === 1 ? '' : 's'} from ${host}\n`);
  out(`Already known: ${outcome.known}\n`);
  out(`Skipped as your own: ${outcome.mine}\n`);
  out(`Still open (import again once they close): ${outcome.open}\n`);
  out(`Linked to a local commit: ${outcome.linked}\n`);
  out(outcome.file ? `Stored in ${outcome.file}\n` : 'Nothing new: no file written\n');
  for (const p of outcome.problems) out(`Note: ${p.message} (its reviews were not checked for repeats)\n`);
  if (outcome.file && !args.flags.has('no-exclude')) await excludeFromGit(root, notesDir, { gitPath });
}

/** Runs the CLI; returns the exit code (0 ok, 2 a problem the user can fix, 1 a bug). */
export async function main(
  argv: string[],
  out: (s: string) => void = s => void process.stdout.write(s),
  err: (s: string) => void = s => void process.stderr.write(s),
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.has('version') || args.command === '--version' || args.command === 'version') {
      out(`growth-ledger ${VERSION}\n`);
      return 0;
    }
    switch (args.command) {
      case 'analyze':
        await commandAnalyze(args, out, err);
        return 0;
      case 'packet':
        await commandPacket(args, out, err);
        return 0;
      case 'log-win':
        await commandLogWin(args, out);
        return 0;
      case 'import-reviews':
        await commandImportReviews(args, out);
        return 0;
      case 'statement':
        await commandStatement(args, out);
        return 0;
      case 'feedback':
      case 'goal':
      case 'check-in':
      case 'track':
        await runPlanCommand(args.command, { ...args, context: () => context(args), analysis: () => runAnalysis(args, err), out });
        return 0;
      case 'help':
      case '--help':
      case '-h':
        out(USAGE + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command "${args.command}" (analyze, packet, log-win, statement, import-reviews, ${PLAN_COMMANDS.join(', ')}, help)`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof GitError ||
      error instanceof FileProblem ||
      error instanceof PeriodError ||
      error instanceof ReviewImportError
    ) {
      err(`growth-ledger: ${error.message.split('\n')[0]}\n`);
      if (error instanceof UsageError && error.hint) err(`${error.hint}\n`);
      return 2;
    }
    err(`growth-ledger: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
    // For the benchmark: this process's peak resident memory, in bytes.
    if (process.env.GROWTH_LEDGER_STATS)
      process.stderr.write(`growth-ledger-stats ${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  });
}

/** The exact git log format the reader uses, for the benchmark's reference command. */
export { LOG_FORMAT } from '../core/git/historyReader';
