import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Analysis, type AnalyzeOptions } from '../../src/core/analyze';
import { main } from '../../src/cli/main';
import { parseReviewNote, reviewNotesRef } from '../../src/core/git/reviewNotes';
import { inspectRepository } from '../../src/core/git/repository';
import { createAnalysisMemory } from '../../src/core/repoAnalysis';
import { ALEX, ALEX_OLD, BOB, CARA, DEV, RepoBuilder, cleanupTemps, dayAt, tempDir, type Who } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const CI = 'CI Bot <ci@example.org>';
const SERVER = 'https://review.example.org';

/** A Change-Id as Gerrit's commit-msg hook writes it: I and 40 hex digits. */
const changeId = (subject: string) => `Change-Id: I${createHash('sha1').update(subject).digest('hex')}`;

/** Gerrit's Submitted-at: RFC 2822 in the server's time zone, as the reviewnotes plugin formats it. */
function rfc2822(day: string, time = '10:11:12'): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${weekday}, ${day.slice(8, 10)} ${month} ${day.slice(0, 4)} ${time} +0000`;
}

interface Change {
  number: number;
  author: Who;
  submitter: Who;
  day: string;
  subject: string;
  /** Cherry-pick: Gerrit makes a new commit, committed by the submitter, with Reviewed-on (and its Reviewed-by/Tested-by
   * footers, given here). Fast-forward: the uploaded commit lands as it is, committed by its author. */
  strategy: 'cherry-pick' | 'fast-forward';
  footers?: string[];
  votes: string[];
  /** The day of submission, when later than the commit. */
  submittedOn?: string;
}

const changeUrl = (n: number) => `${SERVER}/c/payments/+/${n}`;

/** Lands a change the way Gerrit does, then writes its review note the way the reviewnotes plugin does. */
function land(r: RepoBuilder, change: Change): string {
  const cherryPick = change.strategy === 'cherry-pick';
  const sha = r.commit({
    author: change.author,
    committer: cherryPick ? change.submitter : change.author,
    date: dayAt(change.day),
    subject: change.subject,
    trailers: [changeId(change.subject), ...(cherryPick ? [`Reviewed-on: ${changeUrl(change.number)}`, ...(change.footers ?? [])] : [])],
  });
  note(r, sha, change);
  return sha;
}

function note(r: RepoBuilder, sha: string, change: Pick<Change, 'number' | 'submitter' | 'day' | 'votes' | 'submittedOn'>): void {
  const text = [
    ...change.votes,
    `Submitted-by: ${change.submitter}`,
    `Submitted-at: ${rfc2822(change.submittedOn ?? change.day)}`,
    `Reviewed-on: ${changeUrl(change.number)}`,
    'Project: payments',
    'Branch: refs/heads/main',
  ].join('\n');
  r.git('notes', '--ref=review', 'add', '-f', '-m', text, sha);
}

/**
 * Alex is me. Bob and Dev are peers who were here first; Cara is new. Alex also votes from an old address that
 * .mailmap folds into the current one.
 */
function buildGerritHistory() {
  const r = new RepoBuilder();
  const mailmap = 'Alex Rivera <alex@example.com> <alex@old-laptop.local>\n';
  r.commit({ author: BOB, date: dayAt('2024-12-01'), subject: 'Initial server', files: { '.mailmap': mailmap }, trailers: [changeId('Initial server')] });
  r.commit({ author: DEV, date: dayAt('2024-12-02'), subject: 'Add CI config', trailers: [changeId('Add CI config')] });
  const shas = {
    mine: land(r, {
      number: 101,
      author: ALEX,
      submitter: ALEX,
      day: '2025-01-05',
      subject: 'Add parser',
      strategy: 'cherry-pick',
      votes: [`Code-Review+2: ${BOB}`, `Code-Review+1: ${ALEX}`, `Verified+1: ${CI}`],
    }),
    byMailmap: land(r, {
      number: 102,
      author: BOB,
      submitter: DEV,
      day: '2025-02-01',
      subject: 'Retry uploads',
      strategy: 'cherry-pick',
      votes: [`Code-Review+1: ${ALEX_OLD}`, `Code-Review+2: ${DEV}`, `Verified+1: ${CI}`],
    }),
    negative: land(r, {
      number: 103,
      author: BOB,
      submitter: BOB,
      day: '2025-02-10',
      subject: 'Risky refactor',
      strategy: 'cherry-pick',
      votes: [`Code-Review-1: ${ALEX}`, `Library-Compliance+1: ${ALEX}`, `Code-Review+2: ${DEV}`],
    }),
    cherryPicked: land(r, {
      number: 104,
      author: BOB,
      submitter: ALEX,
      day: '2025-03-01',
      subject: 'Tidy logs',
      strategy: 'cherry-pick',
      footers: [`Reviewed-by: ${ALEX}`],
      votes: [`Code-Review+2: ${ALEX}`],
    }),
    fastForward: land(r, {
      number: 105,
      author: BOB,
      submitter: ALEX,
      day: '2025-03-05',
      submittedOn: '2025-03-07',
      subject: 'Fast path',
      strategy: 'fast-forward',
      votes: [`Code-Review+2: ${DEV}`],
    }),
    newcomer: land(r, {
      number: 106,
      author: CARA,
      submitter: DEV,
      day: '2025-04-01',
      subject: 'First docs fix',
      strategy: 'cherry-pick',
      votes: [`Code-Review+1: ${ALEX}`, `Code-Review+2: ${DEV}`],
    }),
    botOnly: land(r, {
      number: 107,
      author: ALEX,
      submitter: ALEX,
      day: '2025-04-10',
      subject: 'Bump version',
      strategy: 'cherry-pick',
      votes: [`Verified+1: ${CI}`],
    }),
    othersOnly: land(r, {
      number: 108,
      author: BOB,
      submitter: DEV,
      day: '2025-04-20',
      subject: 'Not my review',
      strategy: 'cherry-pick',
      votes: [`Code-Review+2: ${DEV}`, `Verified+1: ${CI}`],
    }),
  };
  return { r, shas };
}

const NOW = new Date('2025-12-01T12:00:00Z');

describe('Gerrit review notes', () => {
  let built: ReturnType<typeof buildGerritHistory>;
  let a: Analysis;
  const of = (signal: string) => a.evidence.filter(e => e.signal === signal);
  beforeAll(async () => {
    built = buildGerritHistory();
    a = await analyze({ repos: [built.r.dir], since: '2025-01-01', now: NOW });
  });

  it('counts my votes on others\u2019 changes, negative ones and votes from an old address included', () => {
    // Retry uploads (by mailmap), Risky refactor (-1), Tidy logs (with Gerrit's own Reviewed-by footer), First docs fix.
    expect(a.reviews.gerritVotes).toBe(4);
    const { shas } = built;
    expect(
      of('review.vote')
        .map(e => e.commit)
        .sort(),
    ).toEqual([shas.byMailmap, shas.negative, shas.newcomer].sort());
    const negative = of('review.vote').find(e => e.commit === shas.negative)!;
    expect(negative.summary).toBe('Voted Code-Review-1, Library-Compliance+1 on "Risky refactor" by Bob Stone in Gerrit');
    expect(negative).toMatchObject({ kind: 'review', url: changeUrl(103), people: ['bob@example.com'], date: '2025-02-10' });
  });

  it('counts a vote and Gerrit\u2019s Reviewed-by footer for the same review once', () => {
    const trailer = of('review.trailer');
    expect(trailer.map(e => e.commit)).toEqual([built.shas.cherryPicked]);
    expect(trailer[0]!.url).toBe(changeUrl(104));
    expect(a.reviews.byTrailer['Reviewed-by']).toBe(1);
  });

  it('does not count a vote on my own change as a review', () => {
    expect(a.evidence.filter(e => e.kind === 'review').map(e => e.commit)).not.toContain(built.shas.mine);
    expect(a.evidence.filter(e => e.kind === 'review').map(e => e.commit)).not.toContain(built.shas.botOnly);
  });

  it('counts what I submitted for others, whether Gerrit made me the committer or not', () => {
    const applied = of('review.applied');
    expect(applied.map(e => e.summary).sort()).toEqual(['Submitted "Fast path" by Bob Stone in Gerrit', 'Submitted "Tidy logs" by Bob Stone in Gerrit']);
    const fastForward = applied.find(e => e.commit === built.shas.fastForward)!;
    // The fast-forwarded commit has no Reviewed-on trailer: the link comes from the note, the day from Submitted-at.
    expect(fastForward).toMatchObject({ url: changeUrl(105), date: '2025-03-07', people: ['bob@example.com'] });
    // Only the cherry-picked one has me as its committer.
    expect(a.totals.commitsCommittedForOthers).toBe(1);
  });

  it('counts others\u2019 votes on my changes as review of my work, but not a bot\u2019s', () => {
    const reviewed = of('collaboration.reviewedByOthers');
    expect(reviewed.map(e => ({ commit: e.commit, people: e.people, url: e.url }))).toEqual([
      { commit: built.shas.mine, people: ['bob@example.com'], url: changeUrl(101) },
    ]);
  });

  it('counts a vote on a newcomer\u2019s first change as help given to them (once: helped, not yet mentored)', () => {
    expect(of('mentoring.newcomerReview')).toEqual([]);
    const newcomer = of('mentoring.helped');
    expect(newcomer.map(e => e.commit)).toEqual([built.shas.newcomer]);
    expect(newcomer[0]).toMatchObject({ url: changeUrl(106), people: ['cara@example.com'] });
    expect(a.mentoring.people.map(p => p.email)).not.toContain('cara@example.com');
    expect(a.mentoring.helped).toBe(1);
  });

  it('feeds the review expectations and keeps to the JSON schema', () => {
    const review = a.expectations.find(x => x.id === 'mid.review')!;
    // Distinct changes: Tidy logs is both reviewed (by its footer) and submitted by me.
    expect(review.evidence).toBe(new Set([...of('review.vote'), ...of('review.trailer'), ...of('review.applied')].map(e => e.commit)).size);
    expect(review.evidence).toBe(5);
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
    expect(a.repos[0]!.notices).toBeUndefined();
  });

  it('reads notes fanned out into folders, and one note blob shared by many changes', async () => {
    const r = new RepoBuilder();
    const commits = Array.from(
      { length: 300 },
      (_, i) => `commit refs/heads/main\ncommitter Bob Stone <bob@example.com> ${1740000000 + i * 60} +0000\ndata 12\nChange ${String(i).padStart(4, '0')}\n`,
    );
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: commits.join('') });
    r.git('reset', '-q', '--hard', 'main');
    // The same text for every change, so one blob serves them all; this many notes make git fan the tree out.
    const text = `Code-Review+1: ${ALEX}\nSubmitted-by: ${DEV}\n`;
    const notes = r
      .git('rev-list', 'HEAD')
      .split('\n')
      .map(sha => `N inline ${sha}\ndata ${Buffer.byteLength(text)}\n${text}`);
    execFileSync('git', ['fast-import', '--quiet'], {
      cwd: r.dir,
      input: `commit refs/notes/review\ncommitter Gerrit <gerrit@example.org> 1750000000 +0000\ndata 6\nnotes\n${notes.join('')}`,
    });
    expect(r.git('ls-tree', 'refs/notes/review')).toMatch(/^040000 tree /);
    const fanned = await analyze({ repos: [r.dir], now: NOW });
    expect(fanned.reviews.gerritVotes).toBe(300);
    expect(fanned.evidence.filter(e => e.signal === 'review.vote')).toHaveLength(300);
  });

  it('reads a note that is not UTF-8 without losing the notes around it', async () => {
    const { r } = buildGerritHistory();
    const extra = r.commit({ author: BOB, committer: DEV, date: dayAt('2025-05-01'), subject: 'Odd note', trailers: [changeId('Odd note')] });
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: r.dir,
      input: Buffer.concat([Buffer.from(`Code-Review+1: ${ALEX}\nComment: `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n')]),
    })
      .toString()
      .trim();
    r.git('notes', '--ref=review', 'add', '-C', blob, extra);
    const odd = await analyze({ repos: [r.dir], since: '2025-01-01', now: NOW });
    // Its byte count cannot be matched to the decoded text, so that one note is dropped; the others all count.
    expect(odd.evidence.filter(e => e.signal === 'review.vote').map(e => e.commit)).toEqual(of('review.vote').map(e => e.commit));
    expect(odd.reviews.gerritVotes).toBe(4);
  });
});

describe('a Gerrit repository without its review notes', () => {
  const HINT =
    'This repository uses Gerrit (Change-Id trailers) but has no review notes; fetch them with: git fetch origin refs/notes/review:refs/notes/review';

  it('says how to fetch them, in the JSON and in the readable summary', async () => {
    const { r } = buildGerritHistory();
    r.git('update-ref', '-d', 'refs/notes/review');
    const a = await analyze({ repos: [r.dir], since: '2025-01-01', now: NOW });
    expect(a.repos[0]!.notices).toEqual([HINT]);
    expect(a.reviews.gerritVotes).toBe(0);
    let out = '';
    expect(
      await main(
        ['analyze', '--repo', r.dir, '--since', '2025-01-01', '--no-cache'],
        s => void (out += s),
        () => undefined,
      ),
    ).toBe(0);
    expect(out).toContain(`${r.dir}: ${HINT}`);
  });

  it('says nothing where there are no Change-Id trailers', async () => {
    const r = new RepoBuilder();
    r.commit({ author: ALEX, date: dayAt('2025-01-01'), subject: 'Plain commit', trailers: [`Reviewed-by: ${BOB}`] });
    expect((await analyze({ repos: [r.dir] })).repos[0]!.notices).toBeUndefined();
  });
});

describe('stored results and review notes', () => {
  /** A git that logs every call, to see which ones an analysis makes. */
  function loggingGit(): { gitPath: string; calls: () => string[]; reset: () => void } {
    const dir = tempDir();
    const log = path.join(dir, 'calls.log');
    const gitPath = path.join(dir, 'git');
    writeFileSync(log, '');
    writeFileSync(gitPath, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
    chmodSync(gitPath, 0o755);
    return { gitPath, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean), reset: () => writeFileSync(log, '') };
  }
  const readsNotes = (calls: string[]) => calls.filter(c => / (ls-tree|cat-file) /.test(` ${c} `));

  it('see a new note on the next run, and read no notes when nothing is new', async () => {
    const { r, shas } = buildGerritHistory();
    const git = loggingGit();
    const base: AnalyzeOptions = { repos: [r.dir], since: '2025-01-01', now: NOW, gitPath: git.gitPath };
    const plain = (x: object) => JSON.stringify({ ...x, generatedAt: '' });
    const cacheDir = tempDir();
    const memory = createAnalysisMemory();
    const check = async (what: string) => {
      const expected = plain(await analyze(base));
      git.reset();
      const fromDisk = await analyze({ ...base, cacheDir });
      const diskCalls = git.calls();
      git.reset();
      const fromMemory = await analyze({ ...base, cacheDir: tempDir(), memory });
      expect(plain(fromDisk), `${what}: from the cache folder`).toBe(expected);
      expect(plain(fromMemory), `${what}: from memory`).toBe(expected);
      return { analysis: fromDisk, diskCalls, memoryCalls: git.calls() };
    };

    const first = await check('first run');
    expect(first.analysis.reviews.gerritVotes).toBe(4);
    expect(readsNotes(first.diskCalls)).toHaveLength(2);

    const again = await check('nothing new');
    expect(readsNotes(again.diskCalls)).toEqual([]);
    expect(readsNotes(again.memoryCalls)).toEqual([]);

    // A vote of mine added to a change that had none of mine: the note ref moves, so the stored result is not reused.
    note(r, shas.othersOnly, { number: 108, submitter: DEV, day: '2025-04-20', votes: [`Code-Review+2: ${DEV}`, `Code-Review+1: ${ALEX}`] });
    const voted = await check('a new note');
    expect(voted.analysis.reviews.gerritVotes).toBe(5);
    expect(voted.analysis.evidence.filter(e => e.signal === 'review.vote').map(e => e.commit)).toContain(shas.othersOnly);

    // A change whose note came with an earlier fetch, before the branch reached it: HEAD moves forward, the notes stay.
    r.branch('incoming');
    const later = land(r, {
      number: 109,
      author: BOB,
      submitter: DEV,
      day: '2025-05-02',
      subject: 'Arrives later',
      strategy: 'cherry-pick',
      votes: [`Code-Review+1: ${ALEX}`],
    });
    r.checkout('main');
    await check('a note for a commit not yet on HEAD');
    r.git('merge', '-q', '--ff-only', 'incoming');
    const forward = await check('HEAD moved forward onto a noted commit');
    expect(forward.analysis.reviews.gerritVotes).toBe(6);
    expect(forward.analysis.evidence.some(e => e.signal === 'review.vote' && e.commit === later)).toBe(true);
    expect(readsNotes(forward.memoryCalls)).toHaveLength(2);

    r.git('update-ref', '-d', 'refs/notes/review');
    const gone = await check('the notes deleted');
    expect(gone.analysis.reviews.gerritVotes).toBe(0);
    expect(gone.analysis.repos[0]!.notices).toHaveLength(1);
  });
});

describe('parseReviewNote', () => {
  it('reads every vote, the submission and the change link', () => {
    const note = parseReviewNote(
      [
        'Code-Review+2: Jane Maintainer <Jane@Example.org>',
        'Code-Review-1: Kim Lee <kim@example.org>',
        'Verified+1: CI Bot <ci@example.org>',
        'Library-Compliance+1: Jane Maintainer <jane@example.org>',
        'Code-Review+1: Name Unknown #1000123',
        'Submitted-by: Jane Maintainer <jane@example.org>',
        'Submitted-at: Tue, 14 May 2024 10:11:12 +0200',
        'Reviewed-on: https://review.example.org/c/project/+/12345',
        'Project: project',
        'Branch: refs/heads/main',
        'Comments-Total: 3',
      ].join('\n'),
    );
    expect(note).toEqual({
      votes: [
        { label: 'Code-Review', value: 2, person: { name: 'Jane Maintainer', email: 'jane@example.org' } },
        { label: 'Code-Review', value: -1, person: { name: 'Kim Lee', email: 'kim@example.org' } },
        { label: 'Verified', value: 1, person: { name: 'CI Bot', email: 'ci@example.org' } },
        { label: 'Library-Compliance', value: 1, person: { name: 'Jane Maintainer', email: 'jane@example.org' } },
      ],
      submittedBy: { name: 'Jane Maintainer', email: 'jane@example.org' },
      submittedAt: '2024-05-14T10:11:12+02:00',
      reviewedOn: 'https://review.example.org/c/project/+/12345',
    });
  });

  it('keeps only https change links and real dates', () => {
    expect(parseReviewNote('Reviewed-on: http://review.example.org/c/p/+/1\nSubmitted-at: Tue, 14 Foo 2024 10:11:12 +0000')).toEqual({ votes: [] });
    expect(parseReviewNote('Reviewed-on: javascript:alert(1)').reviewedOn).toBeUndefined();
  });
});

describe('the review notes ref', () => {
  it('comes with the repository facts, and is looked up on its own when they lack it', async () => {
    const { r } = buildGerritHistory();
    const sha = r.git('rev-parse', 'refs/notes/review');
    expect((await inspectRepository(r.dir)).reviewNotes).toBe(sha);
    expect(await reviewNotesRef({ root: r.dir })).toBe(sha);
    // A ref below refs/notes/review/ is not the review notes.
    r.git('update-ref', '-d', 'refs/notes/review');
    r.git('update-ref', 'refs/notes/review/other', sha);
    expect((await inspectRepository(r.dir)).reviewNotes).toBeNull();
    expect(await reviewNotesRef({ root: r.dir })).toBeNull();
  });
});
