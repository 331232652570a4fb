import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/core/analyze';
import { resolveMailmap } from '../../src/core/git/identity';
import { NO_MAILMAP, inspectRepository, mailmapFingerprint } from '../../src/core/git/repository';
import { buildKnownHistory, EXPECTED } from './helpers/knownHistory';
import { ALEX, AI, BOB, BOT, CARA, DEV, RepoBuilder, cleanupTemps, dayAt } from './helpers/repoBuilder';

afterAll(cleanupTemps);

/** Counts computed straight from git, without any Growth Ledger code, to check the contract against. */
function independentCounts(dir: string, since: string, me: string) {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  const filter = `--since-as-filter=${since}T00:00:00`;
  // %aE/%cE apply .mailmap; trailer values do not, so they go through `git check-mailmap` as the contract says.
  const rows = git('log', filter, '--format=%H%x00%P%x00%aE%x00%cE%x1e')
    .split('\x1e')
    .map(r => r.trim())
    .filter(Boolean)
    .map(r => {
      const [sha, parents, author, committer] = r.split('\0');
      return { sha: sha!, parents: parents ? parents.split(' ') : [], author: author!.toLowerCase(), committer: committer!.toLowerCase() };
    });
  const authorOf = (sha: string) => git('log', '-1', '--format=%aE', sha).trim().toLowerCase();
  // git's own trailer parser rejects a block that mixes in a non-standard line (`Mentored by:`), so read the
  // message lines directly, as a person grepping the log would.
  const trailerCount = (key: string) => {
    let n = 0;
    for (const row of rows) {
      const pattern = new RegExp(`^${key}:\\s*(.+)$`, 'i');
      const values = git('log', '-1', '--format=%B', row.sha)
        .split('\n')
        .map(l => pattern.exec(l.trim())?.[1])
        .filter((v): v is string => !!v);
      const mapped = values.map(v => git('check-mailmap', v.trim()).trim().toLowerCase());
      if (mapped.some(v => v.endsWith(`<${me}>`))) n++;
    }
    return n;
  };
  return {
    commitsAuthored: rows.filter(r => r.parents.length <= 1 && r.author === me).length,
    commitsCommittedForOthers: rows.filter(r => r.parents.length <= 1 && r.committer === me && r.author !== me).length,
    mergesOfOthersWork: rows.filter(r => r.parents.length > 1 && r.author === me && authorOf(r.parents[1]!) !== me).length,
    reviews: {
      'Reviewed-by': trailerCount('Reviewed-by'),
      'Acked-by': trailerCount('Acked-by'),
      'Tested-by': trailerCount('Tested-by'),
      'Approved-by': trailerCount('Approved-by'),
    },
  };
}

describe('analysis of a history with known answers', () => {
  let repo: RepoBuilder;
  let a: Analysis;
  beforeAll(async () => {
    repo = buildKnownHistory();
    a = await analyze({ repos: [repo.dir], since: '2025-01-01', now: new Date('2025-08-01T00:00:00Z') });
  });

  it('matches the JSON schema in the repository', () => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const ok = validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('counts exactly what was built', () => {
    expect(a.schemaVersion).toBe(1);
    expect(a.identity.emails).toEqual(['alex@example.com']);
    expect(a.period).toEqual({ since: '2025-01-01', until: null });
    expect(a.repos[0]!.commitsScanned).toBe(Number(repo.git('rev-list', '--count', 'HEAD')));
    expect(a.repos[0]!.head).toBe(repo.head());
    expect(a.totals).toMatchObject({
      commitsAuthored: EXPECTED.commitsAuthored,
      commitsCommittedForOthers: EXPECTED.commitsCommittedForOthers,
      mergesOfOthersWork: EXPECTED.mergesOfOthersWork,
    });
    expect(a.reviews.byTrailer).toEqual(EXPECTED.reviews);
    expect(a.mentoring.byTrailer).toMatchObject(EXPECTED.mentoring);
    expect(a.mentoring.people.map(p => ({ email: p.email, commits: p.commits }))).toEqual(EXPECTED.people);
  });

  it('agrees with counts computed independently from git log', () => {
    const git = independentCounts(repo.dir, '2025-01-01', 'alex@example.com');
    expect(a.totals).toMatchObject({
      commitsAuthored: git.commitsAuthored,
      commitsCommittedForOthers: git.commitsCommittedForOthers,
      mergesOfOthersWork: git.mergesOfOthersWork,
    });
    expect(a.reviews.byTrailer).toEqual(git.reviews);
  });

  it('never counts bots or AI assistants as people', () => {
    const people = new Set(a.evidence.flatMap(e => e.people));
    expect(people.has('noreply@anthropic.com')).toBe(false);
    expect([...people].some(p => p.includes('[bot]'))).toBe(false);
    expect(a.mentoring.people.map(p => p.email)).not.toContain('noreply@anthropic.com');
  });

  it('finds ownership, delivery, diagnostics and design evidence with commits behind every item', () => {
    const billing = a.ownership.find(o => o.path === 'src/billing/')!;
    expect(billing).toMatchObject({ commits: 7, mainDeveloper: true, share: 1 });
    expect(billing.activeMonths).toBe(5);
    const signals = new Set(a.evidence.map(e => e.signal));
    for (const s of [
      'ownership.mainDeveloper',
      'review.trailer',
      'review.merge',
      'review.applied',
      'mentoring.trailer',
      'mentoring.coauthor',
      'mentoring.newcomerReview',
      'delivery.mergedBranch',
      'diagnostics.fix',
      'diagnostics.regressionTest',
      'communication.design',
      'consistency.activeWeek',
    ]) {
      expect(signals, s).toContain(s);
    }
    const shas = new Set(repo.git('rev-list', 'HEAD').split('\n'));
    for (const e of a.evidence) expect(shas.has(e.commit), e.summary).toBe(true);
    // The GitLab merge of my branch and the squashed pull request are both deliveries.
    expect(
      a.evidence
        .filter(e => e.signal === 'delivery.mergedBranch')
        .map(e => e.subject)
        .sort(),
    ).toEqual(['Add rate limiter (#123)', "Merge branch 'alex/cache' into 'main'"]);
    expect(a.evidence.every(e => e.link === `https://github.com/acme/payments/commit/${e.commit}`)).toBe(true);
  });

  it('maps evidence onto expectations with a next step for every gap', () => {
    const review = a.expectations.find(e => e.id === 'mid.review')!;
    // Three commits with review trailers naming me, one merge and one applied patch.
    expect(review).toMatchObject({ status: 'demonstrated', evidence: 5, nextStep: '' });
    const senior = a.expectations.find(e => e.id === 'senior.review')!;
    expect(senior.status).toBe('partial');
    expect(senior.nextStep).not.toBe('');
    const negotiation = a.expectations.find(e => e.id === 'senior.negotiation')!;
    expect(negotiation).toMatchObject({ status: 'none', gitVisible: false, evidence: 0 });
    for (const e of a.expectations) for (const i of e.items) expect(a.evidence[i]).toBeDefined();
  });

  it('filters on committer date with whole days, like git log --since-as-filter/--until', async () => {
    const b = await analyze({ repos: [repo.dir], since: '2025-03-01', until: '2025-03-10' });
    expect(b.reviews.byTrailer).toEqual({ 'Reviewed-by': 1, 'Acked-by': 1, 'Tested-by': 1, 'Approved-by': 0 });
    expect(b.totals.commitsAuthored).toBe(0);
    const inRange = repo.git('log', '--since-as-filter=2025-03-01T00:00:00', '--until=2025-03-10T23:59:59', '--format=%H').split('\n').filter(Boolean);
    expect(inRange).toHaveLength(3);
  });

  it('counts an old address mapped by .mailmap and extra identities', async () => {
    const all = await analyze({ repos: [repo.dir] });
    expect(all.totals.commitsAuthored).toBe(EXPECTED.commitsAuthored);
    const asBob = await analyze({ repos: [repo.dir], identities: ['BOB@example.com'], since: '2025-01-01' });
    // Now both Alex (user.email) and Bob count as me.
    expect(asBob.totals.commitsAuthored).toBe(EXPECTED.commitsAuthored + 2);
    expect(asBob.identity.emails).toEqual(['alex@example.com', 'bob@example.com']);
  });
});

describe('mentoring rules', () => {
  it('counts a person once across trailers, co-authoring and first-change reviews, and ignores peers', async () => {
    const r = new RepoBuilder();
    r.commit({ author: BOB, date: dayAt('2024-01-01'), subject: 'Bob starts' });
    r.commit({ author: ALEX, date: dayAt('2024-02-01'), subject: 'Alex starts' });
    r.commit({ author: CARA, date: dayAt('2024-03-01'), subject: 'Cara starts', trailers: [`Reviewed-by: ${ALEX}`] });
    r.commit({
      author: ALEX,
      date: dayAt('2024-03-02'),
      subject: 'Pair with Cara',
      trailers: [`Co-authored-by: ${CARA}`, `Co-authored-by: ${BOB}`, `Co-authored-by: ${AI}`, `Co-authored-by: ${BOT}`],
    });
    r.commit({ author: CARA, date: dayAt('2024-03-03'), subject: 'Cara again', trailers: [`Mentored-by: ${ALEX}`, `Suggested-by: ${ALEX}`] });
    r.commit({ author: DEV, date: dayAt('2024-03-04'), subject: 'Dev helped', trailers: [`Helped-by: ${ALEX}`] });
    const a = await analyze({ repos: [r.dir] });
    expect(a.mentoring.people).toEqual([
      { name: 'Cara Newman', email: 'cara@example.com', commits: 3 },
      { name: 'Dev Patel', email: 'dev@example.com', commits: 1 },
    ]);
    expect(a.evidence.filter(e => e.signal === 'collaboration.coauthor').flatMap(e => e.people)).toEqual(['bob@example.com']);
    expect(a.evidence.filter(e => e.signal === 'mentoring.newcomerReview').map(e => e.subject)).toEqual(['Cara starts']);
  });
});

describe("merges of others' work", () => {
  it('counts a merged bot branch as review work without counting the bot as a person', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Start' });
    r.branch('dependabot/npm/lodash');
    r.commit({ author: BOT, date: dayAt('2025-01-02'), subject: 'Bump lodash', files: { 'package.json': '{"lodash":"4.17.21"}\n' } });
    r.checkout('main');
    r.commit({ author: ALEX, date: dayAt('2025-01-03'), subject: 'Meanwhile on main' });
    r.merge('dependabot/npm/lodash', { author: ALEX, date: dayAt('2025-01-04'), message: 'Merge pull request #61 from acme/dependabot/npm/lodash' });
    const a = await analyze({ repos: [r.dir] });
    expect(a.totals.mergesOfOthersWork).toBe(1);
    const merge = a.evidence.find(e => e.signal === 'review.merge')!;
    expect(merge.people).toEqual([]);
    expect(merge.summary).toContain('by dependabot[bot]');
    expect(a.mentoring.people).toEqual([]);
  });
});

describe('several repositories', () => {
  it('adds up counts and reports a broken repository without losing the others', async () => {
    const one = buildKnownHistory();
    const two = new RepoBuilder();
    two.commit({ author: ALEX, date: dayAt('2025-02-02'), subject: 'Other repo', trailers: [] });
    const { tempDir } = await import('./helpers/repoBuilder');
    const broken = tempDir();
    const a = await analyze({ repos: [one.dir, two.dir, broken], since: '2025-01-01', continueOnError: true });
    expect(a.totals.commitsAuthored).toBe(EXPECTED.commitsAuthored + 1);
    expect(a.repos.map(r => r.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'not-a-repo']);
    await expect(analyze({ repos: [one.dir, broken] })).rejects.toMatchObject({ code: 'not-a-repo' });
  });
});

describe('a notes folder that cannot be read', () => {
  it('is reported as a problem and the history is still analysed', async () => {
    const repo = new RepoBuilder();
    repo.commit({ author: ALEX, date: dayAt('2025-02-02'), subject: 'Only commit', trailers: [] });
    const { tempDir } = await import('./helpers/repoBuilder');
    const notesDir = tempDir();
    writeFileSync(path.join(notesDir, 'wins'), 'not a folder\n');
    const a = await analyze({ repos: [repo.dir], notesDir });
    expect(a.totals.commitsAuthored).toBe(1);
    expect(a.problems).toEqual([
      expect.objectContaining({ file: path.join(notesDir, 'wins'), message: expect.stringMatching(/cannot read the wins folder: ENOTDIR$/) }),
    ]);
  });
});

describe('a repository without a mailmap', () => {
  it('is known by its fingerprint, and people resolve exactly as git check-mailmap would answer', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Start' });
    const facts = await inspectRepository(r.dir);
    expect(await mailmapFingerprint(facts, {})).toBe(NO_MAILMAP);
    const people = [
      { name: '  Padded   Name ', email: 'Padded@Example.com' },
      { name: '', email: 'nameless@example.com' },
      { name: 'Zoë <Ünïcode>', email: 'zoe@example.com' },
      { name: 'Twice', email: 'padded@example.com' },
      { name: ' Line\u2028Separated ', email: 'separated@example.com' },
    ];
    const asked = await resolveMailmap(r.dir, people, {});
    expect(await resolveMailmap(r.dir, people, {}, true)).toEqual(asked);
    expect(asked.get('padded@example.com')).toEqual({ name: 'Padded   Name', email: 'padded@example.com' });
    expect(asked.get('separated@example.com')).toEqual({ name: 'Line\u2028Separated', email: 'separated@example.com' });

    writeFileSync(path.join(r.dir, '.mailmap'), 'Alex Rivera <alex@example.com> <old@example.com>\n<new@example.com> <separated@example.com>\n');
    expect(await mailmapFingerprint(facts, {})).not.toBe(NO_MAILMAP);
    // The address is mapped, the name kept: git answers with the line separator still in it.
    const mapped = await resolveMailmap(r.dir, people, {});
    expect(mapped.get('separated@example.com')).toEqual({ name: 'Line\u2028Separated', email: 'new@example.com' });
    // Those the mailmap does not name resolve as they would with none.
    expect(mapped.get('padded@example.com')).toEqual(asked.get('padded@example.com'));
    expect(mapped.get('nameless@example.com')).toEqual(asked.get('nameless@example.com'));
    r.git('config', 'mailmap.file', path.join(r.dir, 'elsewhere'));
    writeFileSync(path.join(r.dir, '.mailmap'), '');
    expect(await mailmapFingerprint(await inspectRepository(r.dir), {})).not.toBe(NO_MAILMAP);
  });
});
