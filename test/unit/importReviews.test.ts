import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { runCli as run } from './helpers/cli';
import { renderMarkdown } from '../../src/core/packet/markdown';
import { renderHtml } from '../../src/core/packet/html';
import { GH_COMMAND, ReviewImportError, parseHostExport } from '../../src/core/imports/hostExport';
import { importReviews } from '../../src/core/imports/reviews';
import { importsFolder, readImports } from '../../src/core/imports/storedImports';
import { ALEX, BOB, CARA, DEV, RepoBuilder, cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const GITHUB = 'GitHub <noreply@github.com>';

/**
 * One entry exactly as `gh search prs --json number,title,url,author,repository,closedAt,state` writes it (gh 2.23,
 * pkg/search/result.go): a Go map, so keys in sorted order; `author` is the exported user (`login` is `app/NAME` for
 * a bot, whose node id is empty); `repository` is only `name` and `nameWithOwner`; `state` is `merged` when the pull
 * request has a merge time, else the search API's `open` or `closed`; an open pull request's `closedAt` is Go's
 * zero time.
 */
function ghEntry(number: number, title: string, login: string, state: 'open' | 'closed' | 'merged', closedAt: string, repo = 'acme/payments') {
  const bot = login.startsWith('app/');
  return {
    author: {
      id: bot ? '' : `MDQ6VXNlcj${number}`,
      is_bot: bot,
      login,
      type: bot ? 'Bot' : 'User',
      url: `https://github.com/${bot ? 'apps/' + login.slice(4) : login}`,
    },
    closedAt: state === 'open' ? '0001-01-01T00:00:00Z' : closedAt,
    number,
    repository: { name: repo.split('/')[1], nameWithOwner: repo },
    state,
    title,
    url: `https://github.com/${repo}/pull/${number}`,
  };
}

/** gh writes the list as one line of JSON (and a newline) when its output is not a terminal. */
const ghFile = (entries: object[]) => JSON.stringify(entries) + '\n';

/**
 * A merge request as GitLab's REST API returns it (GET /merge_requests?reviewer_username=…&scope=all), which is also
 * what `glab mr list --output json` writes: glab marshals go-gitlab's MergeRequest, whose JSON names are the API's.
 */
function gitlabEntry(
  iid: number,
  title: string,
  username: string,
  state: 'opened' | 'closed' | 'merged' | 'locked',
  at: string,
  project = 'group/project',
  withReferences = true,
) {
  return {
    id: 90000 + iid,
    iid,
    target_branch: 'main',
    source_branch: 'feature',
    project_id: 4242,
    title,
    state,
    created_at: '2025-02-01T09:00:00.000Z',
    updated_at: at,
    author: { id: 17, username, name: 'Bob Stone', state: 'active', avatar_url: null, web_url: `https://gitlab.com/${username}` },
    merged_by: state === 'merged' ? { id: 18, username: 'dev', name: 'Dev Patel', state: 'active', avatar_url: null, web_url: 'https://gitlab.com/dev' } : null,
    merged_at: state === 'merged' ? at : null,
    closed_by: state === 'closed' ? { id: 18, username: 'dev', name: 'Dev Patel', state: 'active', avatar_url: null, web_url: 'https://gitlab.com/dev' } : null,
    closed_at: state === 'closed' ? at : null,
    sha: 'f'.repeat(40),
    merge_commit_sha: null,
    squash_commit_sha: null,
    web_url: `https://gitlab.com/${project}/-/merge_requests/${iid}`,
    ...(withReferences ? { references: { short: `!${iid}`, relative: `!${iid}`, full: `${project}!${iid}` } } : {}),
  };
}

/**
 * A repository with what GitHub writes when it lands pull requests: a squash (committed by GitHub, subject ending
 * `(#N)`), a merge-button merge (`Merge pull request #N from …`), and a squash of a pull request of mine.
 */
function githubRepo() {
  const r = new RepoBuilder();
  r.git('remote', 'add', 'origin', 'git@github.com:acme/payments.git');
  r.commit({ author: ALEX, date: '2025-01-02T12:00:00Z', subject: 'Start payments' });
  const squash = r.commit({
    author: BOB,
    committer: GITHUB,
    date: '2025-03-04T12:00:00Z',
    subject: 'Fix the thing (#123)',
    body: '* Fix the thing\n\n* Cover it with a test',
  });
  r.branch('search');
  r.commit({ author: CARA, date: '2025-03-09T12:00:00Z', subject: 'Add search' });
  r.checkout('main');
  const merge = r.merge('search', {
    author: DEV,
    committer: GITHUB,
    date: '2025-03-10T12:00:00Z',
    message: 'Merge pull request #124 from cara/search\n\nAdd search',
  });
  const mine = r.commit({ author: ALEX, committer: GITHUB, date: '2025-03-12T12:00:00Z', subject: 'Speed up refunds (#126)' });
  return { r, squash, merge, mine };
}

/** A GitLab merge commit: `Merge branch 'feature' into 'main'` with `See merge request group/project!7` in its body. */
function gitlabRepo() {
  const r = new RepoBuilder();
  r.git('remote', 'add', 'origin', 'https://gitlab.com/group/project.git');
  r.commit({ author: ALEX, date: '2025-01-02T12:00:00Z', subject: 'Start project' });
  r.branch('feature');
  r.commit({ author: BOB, date: '2025-04-01T12:00:00Z', subject: 'Add the feature' });
  r.checkout('main');
  const merge = r.merge('feature', {
    author: DEV,
    date: '2025-04-02T12:00:00Z',
    message: "Merge branch 'feature' into 'main'\n\nAdd the feature\n\nSee merge request group/project!7",
  });
  return { r, merge };
}

const GH_REVIEWS = [
  ghEntry(123, 'Fix the thing', 'bob', 'merged', '2025-03-04T12:00:04Z'),
  ghEntry(124, 'Add search', 'cara', 'merged', '2025-03-10T12:00:02Z'),
  ghEntry(125, 'Work in progress', 'cara', 'open', ''),
  ghEntry(126, 'Speed up refunds', 'alex-rivera', 'merged', '2025-03-12T12:00:03Z'),
  ghEntry(127, 'My other change', 'alexr', 'closed', '2025-03-13T12:00:00Z'),
  ghEntry(130, 'Try another approach', 'bob', 'closed', '2025-03-20T12:00:00Z'),
  ghEntry(99, 'Old work', 'bob', 'merged', '2024-06-01T12:00:00Z'),
  ghEntry(131, 'Bump lodash', 'app/dependabot', 'merged', '2025-03-21T12:00:00Z'),
];

function writeExport(content: string, name = 'reviews.json'): string {
  const file = path.join(tempDir('gl-export-'), name);
  writeFileSync(file, content);
  return file;
}

describe('the shape gh and GitLab write', () => {
  it('reads gh search prs output: merged and closed kept, open counted, bots kept', () => {
    const parsed = parseHostExport(ghFile(GH_REVIEWS), 'reviews.json');
    expect(parsed.source).toBe('github');
    expect(parsed.open).toBe(1);
    expect(parsed.reviews.map(r => r.number)).toEqual([123, 124, 126, 127, 130, 99, 131]);
    expect(parsed.reviews[0]).toEqual({
      host: 'github.com',
      repository: 'acme/payments',
      number: 123,
      title: 'Fix the thing',
      url: 'https://github.com/acme/payments/pull/123',
      author: 'bob',
      closedAt: '2025-03-04T12:00:04Z',
      state: 'merged',
    });
    expect(parsed.reviews.at(-1)!.author).toBe('app/dependabot');
  });

  it('reads GitLab merge requests, with the project path from references.full or else the page', () => {
    const parsed = parseHostExport(
      JSON.stringify([
        gitlabEntry(7, 'Add the feature', 'bob', 'merged', '2025-04-02T12:00:01.000Z'),
        gitlabEntry(8, 'Drop it', 'bob', 'closed', '2025-04-03T12:00:00.000Z', 'group/sub/tool', false),
        gitlabEntry(9, 'Open', 'bob', 'opened', '2025-04-04T12:00:00.000Z'),
      ]),
      'mrs.json',
    );
    expect(parsed).toMatchObject({ source: 'gitlab', open: 1 });
    expect(parsed.reviews).toEqual([
      {
        host: 'gitlab.com',
        repository: 'group/project',
        number: 7,
        title: 'Add the feature',
        url: 'https://gitlab.com/group/project/-/merge_requests/7',
        author: 'bob',
        closedAt: '2025-04-02T12:00:01.000Z',
        state: 'merged',
      },
      {
        host: 'gitlab.com',
        repository: 'group/sub/tool',
        number: 8,
        title: 'Drop it',
        url: 'https://gitlab.com/group/sub/tool/-/merge_requests/8',
        author: 'bob',
        closedAt: '2025-04-03T12:00:00.000Z',
        state: 'closed',
      },
    ]);
  });

  it('takes an empty list as no reviews', () => {
    expect(parseHostExport('[]\n', 'reviews.json')).toEqual({ source: 'github', reviews: [], open: 0 });
  });
});

const good = ghEntry(123, 'Fix the thing', 'bob', 'merged', '2025-03-04T12:00:04Z');
const without = (key: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));
const BAD_FILES: [string, string, string][] = [
  ['not JSON', 'number,title\n123,Fix', 'reviews.json: is not JSON ('],
  ['an empty file', '', 'reviews.json: is not JSON (Unexpected end of JSON input)'],
  ['not an array', JSON.stringify({ items: [good] }), 'reviews.json: is an object, not the JSON array of pull or merge requests that gh and glab write'],
  ['an entry that is not an object', JSON.stringify([good, 'x']), 'reviews.json: entry 2 is a string, not an object'],
  ['an entry without "number"', JSON.stringify([good, good, without('number')]), 'reviews.json: entry 3 has no "number"'],
  ['an entry without "url"', JSON.stringify([good, good, without('url')]), 'reviews.json: entry 3 has no "url"'],
  [
    'a url that is not https',
    JSON.stringify([{ ...good, url: 'http://github.com/acme/payments/pull/123' }]),
    'reviews.json: entry 1 has a "url" that is not https: "http://github.com/acme/payments/pull/123"',
  ],
  [
    'a url that is not a pull request',
    JSON.stringify([{ ...good, url: 'https://github.com/acme/payments/issues/123' }]),
    'reviews.json: entry 1 has a "url" that is not a pull request page (https://HOST/OWNER/REPO/pull/N): "https://github.com/acme/payments/issues/123"',
  ],
  [
    'a number that is not whole',
    JSON.stringify([{ ...good, number: '123' }]),
    'reviews.json: entry 1 has a "number" that is not a positive whole number: "123"',
  ],
  ['an author without a login', JSON.stringify([{ ...good, author: { name: 'Bob' } }]), 'reviews.json: entry 1\'s "author" has no "login"'],
  ['an entry without "repository"', JSON.stringify([without('repository')]), 'reviews.json: entry 1 has no "repository"'],
  [
    'an unknown state',
    JSON.stringify([{ ...good, state: 'MERGED' }]),
    'reviews.json: entry 1 has an unknown "state": "MERGED" (gh writes open, closed or merged)',
  ],
  ['a date that is not a date', JSON.stringify([{ ...good, closedAt: 'yesterday' }]), 'reviews.json: entry 1 has a "closedAt" that is not a date: "yesterday"'],
  [
    'an unknown shape',
    JSON.stringify([{ id: 1, name: 'x' }]),
    'reviews.json: entry 1 is neither a GitHub pull request (with "number" and "url") nor a GitLab merge request (with "iid" and "web_url")',
  ],
  [
    'two hosts in one file',
    JSON.stringify([good, gitlabEntry(7, 'x', 'bob', 'merged', '2025-04-02T12:00:00Z')]),
    "reviews.json: entry 2 is a GitLab merge request but entry 1 is a GitHub pull request; import each host's list from its own file",
  ],
  [
    'a GitLab entry without "web_url"',
    JSON.stringify([Object.fromEntries(Object.entries(gitlabEntry(7, 'x', 'bob', 'merged', '2025-04-02T12:00:00Z')).filter(([k]) => k !== 'web_url'))]),
    'reviews.json: entry 1 has no "web_url"',
  ],
  [
    'a merged GitLab entry without a date',
    JSON.stringify([{ ...gitlabEntry(7, 'x', 'bob', 'merged', '2025-04-02T12:00:00Z'), merged_at: null }]),
    'reviews.json: entry 1 is merged but has no "merged_at"',
  ],
];

describe('a bad file: one line naming the path and the problem, nothing imported', () => {
  for (const [name, content, message] of BAD_FILES) {
    it(name, async () => {
      const notesDir = path.join(tempDir(), '.growth');
      const dir = tempDir('gl-export-');
      const file = path.join(dir, 'reviews.json');
      writeFileSync(file, content);
      // Relative, as a person types it: the message names the file the way it was given.
      const relative = path.relative(process.cwd(), file);
      const error = await importReviews(relative, { notesDir, repos: [], myEmails: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReviewImportError);
      const text = (error as Error).message;
      expect(text.split('\n')).toHaveLength(1);
      expect(text.startsWith(relative + ': ')).toBe(true);
      const expected = message.replace(/^reviews\.json: /, `${relative}: `);
      if (expected.endsWith('(')) expect(text.startsWith(expected)).toBe(true);
      else expect(text).toBe(expected);
      expect(existsSync(notesDir)).toBe(false);
    });
  }

  it('a file that is not there', async () => {
    const error = await importReviews('/nonexistent/reviews.json', { notesDir: tempDir(), repos: [], myEmails: [] }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('/nonexistent/reviews.json: no such file');
  });
});

describe('importing reviews and counting them', () => {
  let repo: ReturnType<typeof githubRepo>;
  let notesDir: string;
  beforeAll(() => {
    repo = githubRepo();
    notesDir = path.join(repo.r.dir, '.growth');
  });
  const repos = () => [{ path: repo.r.dir, head: repo.r.head(), remoteUrl: 'git@github.com:acme/payments.git' }];

  it('stores what is new, skips my own, counts the open, and links what landed here', async () => {
    const file = writeExport(ghFile(GH_REVIEWS));
    const outcome = await importReviews(file, {
      notesDir,
      repos: repos(),
      myEmails: ['alex@example.com'],
      logins: ['AlexR'],
      now: new Date(2025, 7, 1, 9, 5, 7),
    });
    // #126 is mine by its landing commit (I authored the squash), #127 by my login; #125 is still open.
    expect(outcome).toMatchObject({ source: 'github', imported: 5, known: 0, mine: 2, open: 1, linked: 2, problems: [] });
    expect(outcome.file).toBe(path.join(notesDir, 'imports', 'reviews-github-2025-08-01-090507.json'));
    const stored = JSON.parse(readFileSync(outcome.file!, 'utf8'));
    expect(stored.source).toBe('github');
    expect(stored.importedAt).toBe(new Date(2025, 7, 1, 9, 5, 7).toISOString());
    expect(stored.items.map((i: { number: number }) => i.number)).toEqual([123, 124, 130, 99, 131]);
    expect(stored.items[1]).toEqual({
      host: 'github.com',
      repository: 'acme/payments',
      number: 124,
      title: 'Add search',
      url: 'https://github.com/acme/payments/pull/124',
      author: 'cara',
      closedAt: '2025-03-10T12:00:02Z',
      state: 'merged',
    });
  });

  it('adds nothing when the same file is imported again', async () => {
    const before = readdirSync(importsFolder(notesDir));
    const outcome = await importReviews(writeExport(ghFile(GH_REVIEWS)), { notesDir, repos: repos(), myEmails: ['alex@example.com'], logins: ['alexr'] });
    expect(outcome).toMatchObject({ file: undefined, imported: 0, known: 5, mine: 2, open: 1, linked: 0 });
    expect(readdirSync(importsFolder(notesDir))).toEqual(before);
  });

  it('turns them into evidence linked to the landing commits, inside the period only', async () => {
    const a = await analyze({ repos: [repo.r.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const imported = a.evidence.filter(e => e.signal === 'review.imported');
    expect(a.reviews.imported).toBe(4);
    expect(imported.map(e => e.summary)).toEqual([
      'Reviewed #131 "Bump lodash" by app/dependabot',
      'Reviewed #130 "Try another approach" by bob',
      'Reviewed #124 "Add search" by cara',
      'Reviewed #123 "Fix the thing" by bob',
    ]);
    const byNumber = (n: number) => imported.find(e => e.url === `https://github.com/acme/payments/pull/${n}`)!;
    expect(byNumber(123)).toEqual({
      kind: 'review',
      signal: 'review.imported',
      repo: repo.r.dir,
      commit: repo.squash,
      date: '2025-03-04',
      summary: 'Reviewed #123 "Fix the thing" by bob',
      people: ['bob'],
      paths: [],
      weight: 1,
      subject: 'Fix the thing (#123)',
      link: `https://github.com/acme/payments/commit/${repo.squash}`,
      url: 'https://github.com/acme/payments/pull/123',
    });
    expect(byNumber(124)).toMatchObject({ commit: repo.merge, repo: repo.r.dir, subject: 'Merge pull request #124 from cara/search', people: ['cara'] });
    // Closed without landing: the request's own id, no commit and no commit link.
    expect(byNumber(130)).toMatchObject({ commit: 'acme/payments#130', repo: '', date: '2025-03-20', subject: 'Try another approach' });
    expect(byNumber(130).link).toBeUndefined();
    expect(byNumber(131).people).toEqual([]);
    for (const id of ['mid.review', 'senior.review']) expect(a.expectations.find(x => x.id === id)!.evidence).toBe(4);

    const march = await analyze({ repos: [repo.r.dir], since: '2025-03-05', until: '2025-03-15', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    expect(march.reviews.imported).toBe(1);
    expect(march.evidence.filter(e => e.signal === 'review.imported').map(e => e.commit)).toEqual([repo.merge]);
    const all = await analyze({ repos: [repo.r.dir], notesDir, now: new Date('2025-08-01T00:00:00Z') });
    expect(all.reviews.imported).toBe(5);
  });

  it('cites them in the packet: the landing commit, or the request when none landed here', async () => {
    const a = await analyze({ repos: [repo.r.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const md = renderMarkdown(a);
    expect(md).toContain("- Reviewed others' work: 4 reviews imported from the code host\n");
    expect(md).toContain(
      `- Reviewed #123 "Fix the thing" by bob: [\`${repo.squash.slice(0, 7)}\`](https://github.com/acme/payments/commit/${repo.squash}) Fix the thing (#123) (2025-03-04) [review](https://github.com/acme/payments/pull/123)`,
    );
    expect(md).toContain('- Reviewed #130 "Try another approach" by bob: `acme/payments#130` (2025-03-20) [review](https://github.com/acme/payments/pull/130)');
    expect(renderHtml(a)).toContain('<code>acme/payments#130</code> (2025-03-20) <a href="https://github.com/acme/payments/pull/130">review</a>');
  });

  it('matches the JSON schema with imported reviews in it', async () => {
    const a = await analyze({ repos: [repo.r.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const ok = validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const { reviews } = schema.properties;
    expect(reviews.required).toContain('imported');
  });

  it('links nothing in a repository whose remote is another project', async () => {
    const other = new RepoBuilder();
    other.git('remote', 'add', 'origin', 'https://github.com/acme/other.git');
    other.commit({ author: BOB, committer: GITHUB, date: '2025-03-04T12:00:00Z', subject: 'Fix the thing (#123)' });
    const a = await analyze({ repos: [other.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const imported = a.evidence.filter(e => e.signal === 'review.imported');
    expect(imported).toHaveLength(4);
    expect(imported.every(e => e.repo === '' && !e.link)).toBe(true);
  });

  it('reports a broken import with its path and still counts the others', async () => {
    const dir = importsFolder(notesDir);
    const broken = path.join(dir, 'reviews-github-2025-08-02-000000.json');
    writeFileSync(
      broken,
      JSON.stringify({
        source: 'github',
        importedAt: '2025-08-02T00:00:00.000Z',
        items: [{ host: 'github.com', repository: 'acme/payments', number: 140, title: 'x', author: 'bob', closedAt: '2025-03-25T12:00:00Z', state: 'merged' }],
      }),
    );
    const notJson = path.join(dir, 'reviews-github-2025-08-03-000000.json');
    writeFileSync(notJson, '{"source": "github",');
    const { imports, problems } = await readImports(notesDir);
    expect(imports).toHaveLength(1);
    expect(problems.map(p => p.message)).toEqual([`${broken}:1: item 1 has no "url"`, expect.stringMatching(/^.*:1: is not JSON \(.+\)$/)]);
    expect(problems[1]!.file).toBe(notJson);
    const a = await analyze({ repos: [repo.r.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    expect(a.reviews.imported).toBe(4);
    expect(a.problems.map(p => p.file)).toEqual([broken, notJson]);
    expect(readFileSync(notJson, 'utf8')).toBe('{"source": "github",');
  });
});

describe('finding the landing commit', () => {
  it('takes the commit on the first-parent chain closest to the closing, not a side branch or a later cherry-pick', async () => {
    const r = new RepoBuilder();
    r.git('remote', 'add', 'origin', 'https://github.com/acme/payments');
    r.commit({ author: ALEX, date: '2025-01-02T12:00:00Z', subject: 'Start' });
    r.branch('side');
    r.commit({ author: CARA, date: '2025-02-01T12:00:00Z', subject: 'Port the fix (#150)' });
    r.checkout('main');
    const landed = r.commit({ author: BOB, committer: GITHUB, date: '2025-02-10T12:00:00Z', subject: 'Fix the thing (#140)' });
    r.merge('side', { author: DEV, date: '2025-02-11T12:00:00Z', message: "Merge branch 'side'" });
    r.commit({ author: DEV, date: '2025-05-01T12:00:00Z', subject: 'Fix the thing (#140)', body: '(cherry picked from the release branch)' });
    const notesDir = path.join(r.dir, '.growth');
    const file = writeExport(
      ghFile([ghEntry(140, 'Fix the thing', 'bob', 'merged', '2025-02-10T12:00:03Z'), ghEntry(150, 'Port the fix', 'cara', 'merged', '2025-02-01T12:00:03Z')]),
    );
    await importReviews(file, { notesDir, repos: [], myEmails: [] });
    const a = await analyze({ repos: [r.dir], notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const commits = a.evidence.filter(e => e.signal === 'review.imported').map(e => e.commit);
    expect(commits).toEqual([landed, 'acme/payments#150']);
  });
});

describe('GitLab merge requests', () => {
  it('links a merge request to the merge commit that names it, with a GitLab commit link', async () => {
    const { r, merge } = gitlabRepo();
    const notesDir = path.join(r.dir, '.growth');
    const mrs = [
      gitlabEntry(7, 'Add the feature', 'bob', 'merged', '2025-04-02T12:00:01.000Z'),
      gitlabEntry(8, 'Elsewhere', 'bob', 'merged', '2025-04-05T12:00:00.000Z', 'group/other'),
    ];
    const outcome = await importReviews(writeExport(JSON.stringify(mrs)), {
      notesDir,
      repos: [{ path: r.dir, head: r.head(), remoteUrl: 'https://gitlab.com/group/project.git' }],
      myEmails: ['alex@example.com'],
    });
    expect(outcome).toMatchObject({ source: 'gitlab', imported: 2, known: 0, mine: 0, open: 0, linked: 1 });
    expect(path.basename(outcome.file!)).toMatch(/^reviews-gitlab-\d{4}-\d{2}-\d{2}-\d{6}\.json$/);
    const a = await analyze({ repos: [r.dir], since: '2025-01-01', notesDir, now: new Date('2025-08-01T00:00:00Z') });
    const imported = a.evidence.filter(e => e.signal === 'review.imported');
    expect(imported.map(e => [e.summary, e.commit, e.link])).toEqual([
      ['Reviewed !8 "Elsewhere" by bob', 'group/other!8', undefined],
      ['Reviewed !7 "Add the feature" by bob', merge, `https://gitlab.com/group/project/-/commit/${merge}`],
    ]);
  });

  it('does not count a merge request whose merged branch I wrote', async () => {
    const r = new RepoBuilder();
    r.git('remote', 'add', 'origin', 'git@gitlab.com:group/project.git');
    r.commit({ author: BOB, date: '2025-01-02T12:00:00Z', subject: 'Start' });
    r.branch('mine');
    r.commit({ author: ALEX, date: '2025-04-01T12:00:00Z', subject: 'My feature' });
    r.checkout('main');
    r.merge('mine', {
      author: DEV,
      date: '2025-04-02T12:00:00Z',
      message: "Merge branch 'mine' into 'main'\n\nMy feature\n\nSee merge request group/project!9",
    });
    const outcome = await importReviews(writeExport(JSON.stringify([gitlabEntry(9, 'My feature', 'alex.rivera', 'merged', '2025-04-02T12:00:01Z')])), {
      notesDir: path.join(r.dir, '.growth'),
      repos: [{ path: r.dir, head: r.head(), remoteUrl: 'git@gitlab.com:group/project.git' }],
      myEmails: ['alex@example.com'],
    });
    expect(outcome).toMatchObject({ imported: 0, mine: 1, file: undefined });
  });
});

describe('growth-ledger import-reviews', () => {
  it('imports, says what it did, and keeps the notes out of git', async () => {
    const { r } = githubRepo();
    const file = writeExport(ghFile(GH_REVIEWS));
    const result = await run('import-reviews', file, '--repo', r.dir, '--login', 'alexr');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const stored = readdirSync(path.join(r.dir, '.growth', 'imports'));
    expect(stored).toHaveLength(1);
    expect(result.stdout).toBe(
      [
        'Imported: 5 reviews from GitHub',
        'Already known: 0',
        'Skipped as your own: 2',
        'Still open (import again once they close): 1',
        'Linked to a local commit: 2',
        `Stored in ${path.join(r.dir, '.growth', 'imports', stored[0]!)}`,
        '',
      ].join('\n'),
    );
    expect(r.git('status', '--porcelain')).toBe('');
    const again = await run('import-reviews', file, '--repo', r.dir, '--login', 'alexr');
    expect(again.stdout).toContain('Already known: 5\n');
    expect(again.stdout).toContain('Nothing new: no file written\n');
    const analysis = JSON.parse((await run('analyze', '--repo', r.dir, '--since', '2025-01-01', '--json', '--no-cache')).stdout);
    expect(analysis.reviews.imported).toBe(4);
  });

  it('prints the command to copy when FILE is missing', async () => {
    const { r } = githubRepo();
    for (const args of [[], [path.join(tempDir(), 'reviews.json')]]) {
      const result = await run('import-reviews', ...args, '--repo', r.dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toMatch(/^growth-ledger: (import-reviews needs FILE|.*reviews\.json: no such file)/);
      expect(result.stderr).toContain(`  ${GH_COMMAND}\n`);
      expect(result.stderr).toContain('glab mr list --reviewer=@me --all --per-page 100 --output json > reviews.json');
      expect(existsSync(path.join(r.dir, '.growth'))).toBe(false);
    }
  });

  for (const [name, content, message] of BAD_FILES) {
    it(`exits 2 with one line and writes nothing for ${name}`, async () => {
      const { r } = githubRepo();
      mkdirSync(path.join(r.dir, '.growth', 'imports'), { recursive: true });
      const file = writeExport(content);
      const result = await run('import-reviews', file, '--repo', r.dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      const expected = `growth-ledger: ${message.replace(/^reviews\.json/, file)}`;
      if (expected.endsWith('(')) expect(result.stderr.startsWith(expected)).toBe(true);
      else expect(result.stderr).toBe(`${expected}\n`);
      expect(readdirSync(path.join(r.dir, '.growth', 'imports'))).toEqual([]);
      const exclude = path.join(r.dir, '.git', 'info', 'exclude');
      expect(existsSync(exclude) ? readFileSync(exclude, 'utf8') : '').not.toContain('.growth');
    });
  }

  it('counts only what is inside the period, as analyze --since and --until do', async () => {
    const { r } = githubRepo();
    await run('import-reviews', writeExport(ghFile(GH_REVIEWS)), '--repo', r.dir);
    const a = JSON.parse((await run('analyze', '--repo', r.dir, '--since', '2025-03-20', '--until', '2025-03-20', '--json', '--no-cache')).stdout);
    expect(a.reviews.imported).toBe(1);
    expect(a.evidence.filter((e: { signal: string }) => e.signal === 'review.imported').map((e: { commit: string }) => e.commit)).toEqual([
      'acme/payments#130',
    ]);
  });
});
