import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { isAutomation } from '../../src/core/git/automation';
import { RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

/** What GitHub writes as the committer of a squash or rebase made with its button, and of web edits. */
const GITHUB = 'GitHub <noreply@github.com>';
const MAYA = 'Maya Maintainer <maya@example.org>';
const NOW = new Date('2025-12-01T00:00:00Z');
const person = (name: string) => `${name} <${name.toLowerCase().replace(/ /g, '.')}@example.net>`;

const signals = (a: Analysis, signal: string) => a.evidence.filter(e => e.signal === signal);
const expectation = (a: Analysis, id: string) => a.expectations.find(x => x.id === id)!;
const gitLog = (dir: string, ...args: string[]) => execFileSync('git', ['log', ...args], { cwd: dir, encoding: 'utf8' }).trim();

describe('known assistants and bots are never people', () => {
  it.each([
    ['Copilot', '198982749+Copilot@users.noreply.github.com'],
    ['Copilot', '175728472+Copilot@users.noreply.github.com'],
    ['copilot-swe-agent[bot]', '198982749+Copilot@users.noreply.github.com'],
    ['Copilot Autofix powered by AI', '62310815+github-advanced-security[bot]@users.noreply.github.com'],
    ['Claude', 'noreply@anthropic.com'],
    ['claude[bot]', '209825114+claude[bot]@users.noreply.github.com'],
    ['Cursor Agent', 'cursoragent@cursor.com'],
    ['aider (openai/gpt-4o)', 'noreply@aider.chat'],
    ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
    ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'],
    ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
    ['pre-commit-ci[bot]', '66853113+pre-commit-ci[bot]@users.noreply.github.com'],
    ['GitHub', 'noreply@github.com'],
    ['GitLab', 'noreply@gitlab.com'],
    ['Release Token', 'project_278964_bot_1a2b3c4d@noreply.gitlab.com'],
    ['Devin AI', '158243242+devin-ai-integration[bot]@users.noreply.github.com'],
  ])('%s <%s>', (name, email) => expect(isAutomation({ name, email })).toBe(true));

  it.each([
    ['Vladimir', '16173870+sheremet-va@users.noreply.github.com'],
    ['Devin Booker', 'devin@example.com'],
    ['Claudia Rossi', 'claudia@anthropic.com'],
    ['Jules Verne', 'jules@example.fr'],
    ['Sam Copilotti', 'sam@example.com'],
    ['Robot Framework Fan', 'rf@example.com'],
  ])('%s <%s> is a person', (name, email) => expect(isAutomation({ name, email })).toBe(false));
});

describe('a GitHub squash-merge repository', () => {
  // Maya maintains the project; contributors' pull requests land through the squash button, so GitHub commits
  // them. When Maya pushes a fix-up onto a pull request, GitHub adds her as a co-author of the squash.
  const repo = new RepoBuilder(undefined, 'M. M. <maya@example.org>');
  let pr = 100;
  const squash = (author: string, subject: string, date: string, trailers: string[] = []) =>
    repo.commit({ author, committer: GITHUB, date: dayAt(date), subject: `${subject} (#${++pr})`, trailers });
  repo.commit({ author: MAYA, date: dayAt('2024-01-10'), subject: 'Start the project' });
  repo.commit({ author: 'maya <maya@example.org>', date: dayAt('2024-01-11'), subject: 'Add CI' });
  squash(MAYA, 'Add the parser', '2025-01-05');
  squash(MAYA, 'Add the printer', '2025-01-06', ['Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>']);
  squash(MAYA, 'Explain the config', '2025-01-07', ['Co-authored-by: Claude <noreply@anthropic.com>']);
  // Helped once each: one squash with Maya as co-author.
  for (const [i, name] of ['Ann One', 'Ben One', 'Cy One'].entries()) squash(person(name), `Fix typo ${i}`, `2025-02-0${i + 1}`, [`Co-authored-by: ${MAYA}`]);
  // Two fix-ups on the same day are still one interaction day: helped.
  squash(person('Dee Sameday'), 'First part', '2025-03-01', [`Co-authored-by: ${MAYA}`]);
  squash(person('Dee Sameday'), 'Second part', '2025-03-01', [`Co-authored-by: ${MAYA}`]);
  // Two different days: mentored.
  squash(person('Eve Twice'), 'Add a flag', '2025-04-01', [`Co-authored-by: ${MAYA}`]);
  squash(person('Eve Twice'), 'Document the flag', '2025-05-01', [`Co-authored-by: ${MAYA}`]);
  // An explicit credit once is mentoring.
  squash(person('Fay Credit'), 'Speed up the lexer', '2025-06-01', [`Mentored-by: ${MAYA}`]);
  // The coding agent's pull request, which Maya steered: a bot is never mentored.
  squash('copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>', 'Handle empty input', '2025-06-05', [`Co-authored-by: ${MAYA}`]);
  squash('Copilot <198982749+Copilot@users.noreply.github.com>', 'Handle empty output', '2025-06-06', [`Co-authored-by: ${MAYA}`]);
  // Maya's other addresses: a web edit under her GitHub privacy address, and an old laptop.
  repo.commit({ author: 'Maya Maintainer <4242+mayam@users.noreply.github.com>', committer: GITHUB, date: dayAt('2025-07-01'), subject: 'Update README.md' });
  repo.commit({ author: 'Maya Maintainer <maya@old-laptop.local>', date: dayAt('2025-07-02'), subject: 'Tidy up' });

  let a: Analysis;
  it('is recognised as GitHub squash merges, where git records no reviewer', async () => {
    a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.workflow).toEqual({ kind: 'github-squash', reviewsRecorded: false });
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8')));
    validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('lists as mentored only people credited explicitly or guided on two days; the rest were helped', () => {
    expect(a.mentoring.people.map(p => p.email)).toEqual(['eve.twice@example.net', 'fay.credit@example.net']);
    expect(a.mentoring.helped).toBe(4);
    // The same from git log: distinct authors of commits naming Maya as co-author, and their distinct days.
    const rows = gitLog(repo.dir, '--since-as-filter=2025-01-01', `--grep=Co-authored-by: ${MAYA}`, '--fixed-strings', '--format=%aE %cs')
      .split('\n')
      .map(l => l.split(' '))
      .filter(([email]) => !isAutomation({ name: '', email: email! }) && !email!.includes('copilot'));
    const days = new Map<string, Set<string>>();
    for (const [email, d] of rows) days.set(email!, (days.get(email!) ?? new Set()).add(d!));
    expect([...days].filter(([, d]) => d.size >= 2).map(([e]) => e)).toEqual(['eve.twice@example.net']);
    expect([...days].filter(([, d]) => d.size < 2).length).toBe(a.mentoring.helped);
  });

  it('never counts an assistant as a person', () => {
    const everyone = a.evidence.flatMap(e => e.people);
    expect(everyone.filter(p => /copilot|anthropic/i.test(p))).toEqual([]);
    expect(a.mentoring.people.some(p => /copilot/i.test(p.email))).toBe(false);
  });

  it('counts help given once for helping newer colleagues, but only mentoring for mentoring deliberately', () => {
    expect(signals(a, 'mentoring.helped')).toHaveLength(5); // Ann, Ben, Cy, and Dee twice
    expect(signals(a, 'mentoring.coauthor')).toHaveLength(2); // Eve
    expect(signals(a, 'mentoring.trailer')).toHaveLength(1); // Fay
    expect(expectation(a, 'mid.guidance').evidence).toBe(8);
    expect(expectation(a, 'senior.mentoring').evidence).toBe(3);
  });

  it('says reviews are not recorded here instead of calling them a gap, and says how to bring them in', () => {
    for (const id of ['mid.review', 'senior.review']) {
      const x = expectation(a, id);
      expect(x.visibility).toBe('not-recorded-here');
      expect(x.status).toBe('none');
      expect(x.nextStep).toMatch(/Import Reviews/);
      expect(x.nextStep).not.toMatch(/Review at least/);
    }
    expect(expectation(a, 'mid.stakeholders').visibility).toBe('not-in-git');
    expect(expectation(a, 'mid.ownership').visibility).toBe('visible');
  });

  it('takes the name from the commits, not the machine, and offers the other addresses without adding them', () => {
    expect(a.identity.names).toEqual(['M. M.']);
    expect(a.identity.displayName).toBe('Maya Maintainer');
    expect(a.identity.emails).toEqual(['maya@example.org']);
    expect(a.identity.aliasCandidates).toEqual([
      { email: '4242+mayam@users.noreply.github.com', name: 'Maya Maintainer', commits: 1, reason: 'github-noreply' },
      { email: 'maya@old-laptop.local', name: 'Maya Maintainer', commits: 1, reason: 'same-name' },
    ]);
    expect(a.totals.commitsAuthored).toBe(3);
  });

  it('delivers each squashed pull request of mine once', () => {
    expect(signals(a, 'delivery.mergedBranch').map(e => e.subject)).toEqual(['Explain the config (#103)', 'Add the printer (#102)', 'Add the parser (#101)']);
  });
});

describe("GitHub's merge button and GitLab merge requests", () => {
  const ME = 'Alex Rivera <alex@example.com>';
  const BOB = 'Bob Stone <bob@example.com>';

  it('a merge-button repository records who landed each pull request', async () => {
    const repo = new RepoBuilder();
    repo.commit({ author: ME, date: dayAt('2025-01-02'), subject: 'Start' });
    for (let n = 1; n <= 4; n++) {
      repo.branch(`bob/feature-${n}`);
      repo.commit({ author: BOB, date: dayAt(`2025-02-0${n}`, 9), subject: `Feature ${n}` });
      repo.checkout('main');
      repo.merge(`bob/feature-${n}`, {
        author: ME,
        committer: GITHUB,
        date: dayAt(`2025-02-0${n}`, 15),
        message: `Merge pull request #${n} from bob/feature-${n}\n\nFeature ${n}`,
      });
    }
    const a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.workflow).toEqual({ kind: 'github-merge', reviewsRecorded: true });
    expect(a.totals.mergesOfOthersWork).toBe(Number(gitLog(repo.dir, '--merges', '--author=alex@example.com', '--format=%H').split('\n').length));
    expect(a.totals.mergesOfOthersWork).toBe(4);
    expect(expectation(a, 'mid.review').visibility).toBe('visible');
    expect(expectation(a, 'mid.review').evidence).toBe(4);
  });

  it('a GitLab repository merges with "See merge request"', async () => {
    const repo = new RepoBuilder();
    repo.commit({ author: ME, date: dayAt('2025-01-02'), subject: 'Start' });
    for (let n = 1; n <= 3; n++) {
      repo.branch(`feature-${n}`);
      repo.commit({ author: BOB, date: dayAt(`2025-03-0${n}`, 9), subject: `Change ${n}` });
      repo.checkout('main');
      repo.merge(`feature-${n}`, {
        author: ME,
        date: dayAt(`2025-03-0${n}`, 15),
        message: `Merge branch 'feature-${n}' into 'main'\n\nChange ${n}\n\nSee merge request group/project!${n}`,
      });
    }
    const a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.workflow).toEqual({ kind: 'gitlab', reviewsRecorded: true });
    expect(signals(a, 'review.merge')).toHaveLength(3);
  });
});

describe('a repository that syncs a subtree with a larger project', () => {
  it("does not count the larger project's merges that came in through the sync", async () => {
    const ME = 'Alex Rivera <alex@example.com>';
    const BOB = 'Bob Stone <bob@example.com>';
    const SYNC = 'Sync Bot <sync-bot@example.com>';
    const repo = new RepoBuilder();
    repo.commit({ author: ME, date: dayAt('2025-01-02'), subject: 'Start the tool' });
    repo.commit({ author: ME, date: dayAt('2025-01-03'), subject: 'Add the tool' });
    // The larger project's own history: Alex's topic branches and Bob's, each merged there by Alex.
    repo.git('checkout', '-q', '--orphan', 'upstream');
    repo.git('rm', '-rq', '--cached', '.');
    repo.git('clean', '-fdq');
    repo.commit({ author: BOB, date: dayAt('2025-02-01'), subject: 'Upstream base', files: { 'upstream/base.txt': 'base\n' } });
    for (let n = 1; n <= 3; n++) {
      repo.branch(`topic-${n}`);
      repo.commit({ author: ME, date: dayAt(`2025-02-1${n}`, 9), subject: `Upstream work ${n}a`, files: { [`upstream/${n}a.txt`]: 'a\n' } });
      repo.commit({ author: ME, date: dayAt(`2025-02-1${n}`, 10), subject: `Upstream work ${n}b`, files: { [`upstream/${n}b.txt`]: 'b\n' } });
      repo.checkout('upstream');
      repo.merge(`topic-${n}`, { author: ME, date: dayAt(`2025-02-1${n}`, 11), message: `Merge branch 'topic-${n}'` });
    }
    repo.branch('bob-topic');
    repo.commit({ author: BOB, date: dayAt('2025-02-20', 9), subject: 'Bob upstream', files: { 'upstream/bob.txt': 'b\n' } });
    repo.checkout('upstream');
    repo.merge('bob-topic', { author: ME, date: dayAt('2025-02-20', 11), message: "Merge branch 'bob-topic'" });
    // The sync brings all of it into this repository with one merge.
    repo.checkout('main');
    repo.merge('upstream', { author: SYNC, date: dayAt('2025-03-01'), message: 'Sync with the larger project', unrelated: true });

    const a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    // Alex made four merges, but in the other project's history: none is on this repository's first-parent chain.
    expect(gitLog(repo.dir, '--merges', '--author=alex@example.com', '--format=%H').split('\n')).toHaveLength(4);
    expect(gitLog(repo.dir, '--merges', '--first-parent', '--author=alex@example.com', '--format=%H')).toBe('');
    expect(signals(a, 'review.merge')).toHaveLength(0);
    expect(a.totals.mergesOfOthersWork).toBe(0);
    // Alex's topic branches were delivered in the larger project, by its merges; here they are six commits of
    // Alex's, and no delivery.
    expect(signals(a, 'delivery.mergedBranch')).toEqual([]);
    expect(a.totals.commitsAuthored).toBe(8);
  });
});

describe('Gerrit changes', () => {
  const ME = 'Alex Rivera <alex@example.com>';
  const BOB = 'Bob Stone <bob@example.com>';
  const changeId = (n: number) => `Change-Id: I${String(n).padStart(40, '0')}`;

  it('record reviews where the submitted change carries Reviewed-by, as Go projects write it', async () => {
    const repo = new RepoBuilder();
    for (let n = 1; n <= 4; n++) {
      repo.commit({
        author: BOB,
        date: dayAt(`2025-02-0${n}`),
        subject: `sync: change ${n}`,
        trailers: [changeId(n), `Reviewed-on: https://go-review.googlesource.com/c/sync/+/${100 + n}`, `Reviewed-by: ${ME}`],
      });
    }
    const a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.workflow).toEqual({ kind: 'gerrit', reviewsRecorded: true });
    expect(a.reviews.byTrailer['Reviewed-by']).toBe(4);
    expect(expectation(a, 'mid.review').visibility).toBe('visible');
  });

  it('without review trailers or review notes, git records no reviewer', async () => {
    const repo = new RepoBuilder();
    for (let n = 1; n <= 4; n++) repo.commit({ author: BOB, date: dayAt(`2025-02-0${n}`), subject: `change ${n}`, trailers: [changeId(n)] });
    const a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.workflow).toEqual({ kind: 'gerrit', reviewsRecorded: false });
    expect(expectation(a, 'senior.review').visibility).toBe('not-recorded-here');
    expect(expectation(a, 'senior.review').nextStep).toMatch(/git fetch origin refs\/notes\/review:refs\/notes\/review/);
  });
});
