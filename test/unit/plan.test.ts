import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { FileProblem, parseFramework, frameworkToYaml } from '../../src/core/framework/loader';
import { DEFAULT_FRAMEWORK } from '../../src/core/framework/defaultFramework';
import { createWin } from '../../src/core/notes/notesStore';
import { createCheckIn, createFeedback, createGoal, readCheckIns, readFeedback, readGoals, updateGoal } from '../../src/core/plan/notes';
import { changesSince, describeChanges, nextCheckInDue, trackFirst } from '../../src/core/plan/plan';
import { readProfile, setTrack } from '../../src/core/plan/profile';
import { lastQuarters, quarterOf } from '../../src/core/plan/quarters';
import { ALEX, BOB, RepoBuilder, cleanupTemps, dayAt, tempDir } from './helpers/repoBuilder';
import { bundle } from './helpers/processes';
import { renderMarkdown } from '../../src/core/packet/markdown';
import { renderHtml } from '../../src/core/packet/html';

afterAll(cleanupTemps);

describe('feedback notes', () => {
  it('are written as Markdown with front matter and read back, newest first', async () => {
    const dir = tempDir();
    const older = await createFeedback(dir, {
      from: 'Sam Lee',
      text: 'Your design doc made the review easy.',
      expectations: ['senior.design'],
      date: '2026-03-02',
    });
    const newer = await createFeedback(dir, { from: 'Priya', text: 'Say no sooner.', kind: 'constructive', date: '2026-04-10' });
    expect(path.relative(dir, older.file)).toBe(path.join('feedback', '2026-03-02-sam-lee.md'));
    expect(readFileSync(older.file, 'utf8')).toBe(
      '---\nid: 2026-03-02-sam-lee\ndate: 2026-03-02\nfrom: Sam Lee\nkind: praise\nexpectations:\n  - senior.design\n---\n\nYour design doc made the review easy.\n',
    );
    const { notes, problems } = await readFeedback(dir);
    expect(problems).toEqual([]);
    expect(notes).toEqual([newer, older]);
  });

  it('keep hand-written fields, and a broken one is reported with its line and left as it is', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'feedback'));
    const hand = path.join(dir, 'feedback', 'hand.md');
    writeFileSync(hand, '---\nfrom: Dana\ndate: "2026-05-01"\nchannel: 1:1\nkind: constructive\n---\nMore tests please.\n');
    const broken = path.join(dir, 'feedback', 'broken.md');
    const content = '---\nfrom: Eli\ndate: 2026-05-02\nkind: harsh\n---\nHmm.\n';
    writeFileSync(broken, content);
    const { notes, problems } = await readFeedback(dir);
    expect(notes.map(n => [n.from, n.kind, n.text])).toEqual([['Dana', 'constructive', 'More tests please.']]);
    expect(problems.map(p => [p.file, p.line, p.field])).toEqual([[broken, 4, 'kind']]);
    expect(problems[0]!.message).toBe(`${broken}:4: kind: must be one of praise, constructive, got "harsh"`);
    expect(readFileSync(broken, 'utf8')).toBe(content);
  });
});

describe('goals', () => {
  it('are written, read, completed in place with unknown fields and the learning plan kept', async () => {
    const dir = tempDir();
    const goal = await createGoal(dir, {
      title: 'Become the go-to person for billing',
      expectations: ['senior.ownership'],
      due: '2026-12-31',
      created: '2026-06-01',
      milestones: ['Read the billing code', 'Lead one billing change'],
      learningPlan: 'Pair with Bob weekly; read the payments RFCs.',
    });
    expect(goal).toMatchObject({ id: '2026-06-01-become-the-go-to-person-for-billing', status: 'active', due: '2026-12-31' });
    // By hand: a comment and a field of the person's own.
    const text = readFileSync(goal.file, 'utf8').replace('status: active\n', '# why: promotion case\nstatus: active\nsponsor: Maria\n');
    writeFileSync(goal.file, text);
    await updateGoal(goal, { milestonesDone: [0] });
    const done = await updateGoal(goal, { status: 'done' });
    const after = readFileSync(goal.file, 'utf8');
    expect(after).toContain('# why: promotion case\n');
    expect(after).toContain('sponsor: Maria\n');
    expect(after).toContain('\nPair with Bob weekly; read the payments RFCs.\n');
    expect(done.status).toBe('done');
    expect(done.milestones).toEqual([
      { title: 'Read the billing code', done: true },
      { title: 'Lead one billing change', done: false },
    ]);
    expect((await readGoals(dir)).notes).toEqual([done]);
  });

  it('refuse to change a goal that does not parse, and report it with its line', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'goals'));
    const file = path.join(dir, 'goals', '2026-01-01-x.md');
    const content = '---\ntitle: X\nstatus: active\nmilestones: [unclosed\n---\n';
    writeFileSync(file, content);
    const { notes, problems } = await readGoals(dir);
    expect(notes).toEqual([]);
    expect(problems[0]!.file).toBe(file);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
    await expect(updateGoal({ file }, { status: 'done' })).rejects.toBeInstanceOf(FileProblem);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('need a due date on or after the day they start', async () => {
    await expect(createGoal(tempDir(), { title: 'Late', created: '2026-06-01', due: '2026-05-01' })).rejects.toThrow(
      'The due date 2026-05-01 is before the goal starts (2026-06-01)',
    );
    await expect(createGoal(tempDir(), { title: ' ' })).rejects.toThrow('A goal needs a title');
  });
});

describe('check-ins', () => {
  it('are written and read back, a broken rating reported, and the next compares with the last', async () => {
    const dir = tempDir();
    const first = await createCheckIn(dir, {
      date: '2026-06-01',
      assessments: [
        { expectation: 'mid.review', rating: 'growing', why: '2 of 5.' },
        { expectation: 'senior.design', rating: 'not-yet', why: 'None yet.' },
        { expectation: 'mid.delivery', rating: 'met', why: '14 of 12.' },
      ],
    });
    expect((await readCheckIns(dir)).notes).toEqual([first]);
    const now = [
      { expectation: 'mid.review', rating: 'met' as const, why: '' },
      { expectation: 'senior.design', rating: 'met' as const, why: '' },
      { expectation: 'mid.delivery', rating: 'growing' as const, why: '' },
    ];
    const changes = changesSince(first, now);
    expect(changes).toEqual([
      { expectation: 'mid.review', from: 'growing', to: 'met' },
      { expectation: 'senior.design', from: 'not-yet', to: 'met' },
      { expectation: 'mid.delivery', from: 'met', to: 'growing' },
    ]);
    expect(describeChanges(first, changes)).toBe(
      'Since your last check-in (2026-06-01): two expectations moved up to met; one expectation moved back to growing.',
    );
    expect(describeChanges(undefined, [])).toBe('This is your first check-in: the next one will show what moved since.');
    expect(nextCheckInDue(first, 'monthly', '2026-06-10')).toBe('2026-07-01');
    expect(nextCheckInDue(undefined, 'monthly', '2026-06-10')).toBe('2026-06-10');

    const broken = path.join(dir, 'check-ins', '2026-07-01-check-in.md');
    const content = '---\ndate: 2026-07-01\nassessments:\n  - expectation: mid.review\n    rating: great\n---\n';
    writeFileSync(broken, content);
    const read = await readCheckIns(dir);
    expect(read.notes).toEqual([first]);
    expect(read.problems.map(p => [p.file, p.line])).toEqual([[broken, 5]]);
    expect(read.problems[0]!.message).toContain('rating must be one of met, growing, not-yet, got "great"');
    expect(readFileSync(broken, 'utf8')).toBe(content);
  });
});

describe('the chosen track', () => {
  it('is kept in profile.yaml with the other fields, and a broken file is reported and never rewritten', async () => {
    const dir = tempDir();
    expect(await readProfile(dir)).toEqual({ track: null });
    await setTrack(dir, 'ic');
    expect(await readProfile(dir)).toEqual({ track: 'ic' });
    const file = path.join(dir, 'profile.yaml');
    writeFileSync(file, '# mine\nmanager: Maria\ntrack: ic\n');
    await setTrack(dir, 'manager');
    expect(readFileSync(file, 'utf8')).toBe('# mine\nmanager: Maria\ntrack: manager\n');
    writeFileSync(file, 'manager: Maria\ntrack: astronaut\n');
    await expect(readProfile(dir)).rejects.toThrow(`${file}:2: track: must be one of ic, manager, hybrid, got "astronaut"`);
    await expect(setTrack(dir, 'hybrid')).rejects.toBeInstanceOf(FileProblem);
    expect(readFileSync(file, 'utf8')).toBe('manager: Maria\ntrack: astronaut\n');
  });

  it('leads with the expectations the framework gives that track, and a framework file may set its own', () => {
    const ids = trackFirst(DEFAULT_FRAMEWORK.expectations, DEFAULT_FRAMEWORK.tracks!.manager!).map(e => e.id);
    expect(ids.slice(0, 3)).toEqual(['senior.mentoring', 'mid.guidance', 'senior.review']);
    expect([...ids].sort()).toEqual(DEFAULT_FRAMEWORK.expectations.map(e => e.id).sort());
    const again = parseFramework(frameworkToYaml(DEFAULT_FRAMEWORK), 'framework.yaml');
    expect(again.tracks).toEqual(DEFAULT_FRAMEWORK.tracks);
    const yaml = frameworkToYaml(DEFAULT_FRAMEWORK).replace('    - senior.ownership\n', '    - senior.nope\n');
    expect(() => parseFramework(yaml, 'framework.yaml')).toThrow(/tracks\.ic\[0\]: unknown expectation "senior\.nope"/);
  });
});

describe('several writers at the same moment', () => {
  it('keeps every note from processes recording feedback, goals and check-ins together', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'write.cjs');
    bundle(
      script,
      `const n = require('./src/core/plan/notes');
const [dir, who] = process.argv.slice(2);
Promise.all([
  n.createFeedback(dir, { from: 'Same Person', text: 'from ' + who, date: '2026-05-05' }),
  n.createGoal(dir, { title: 'Same goal', learningPlan: who, created: '2026-05-05' }),
  n.createCheckIn(dir, { date: '2026-05-05', assessments: [], text: who }),
]).then(() => process.exit(0));`,
    );
    const notes = path.join(dir, 'notes');
    const writers = ['one', 'two', 'three', 'four'];
    await Promise.all(writers.map(w => new Promise(r => spawn(process.execPath, [script, notes, w]).on('close', r))));
    const [feedback, goals, checkIns] = await Promise.all([readFeedback(notes), readGoals(notes), readCheckIns(notes)]);
    expect([...feedback.problems, ...goals.problems, ...checkIns.problems]).toEqual([]);
    expect(feedback.notes.map(f => f.text).sort()).toEqual(writers.map(w => `from ${w}`).sort());
    expect(goals.notes.map(g => g.learningPlan).sort()).toEqual([...writers].sort());
    expect(checkIns.notes.map(c => c.text.trim()).sort()).toEqual([...writers].sort());
    for (const folder of ['feedback', 'goals', 'check-ins']) expect(readdirSync(path.join(notes, folder)).filter(f => f.endsWith('.tmp'))).toEqual([]);
  });
});

/**
 * A history whose status per quarter is known by construction. "Today" is 2026-08-15, so the trajectory runs from
 * 2024-Q4 to 2026-Q3. Fixes with a regression test (mid.problemSolving needs 3): three in 2025-Q1, one in 2025-Q3,
 * three in 2026-Q2. Bob's commits reviewed by me (mid.review needs 5): two in 2024-Q4, five in 2026-Q1. A win for
 * negotiating scope (senior.negotiation needs 1) in 2025-Q4, and one older than the trajectory.
 */
function buildQuarterHistory(): RepoBuilder {
  const r = new RepoBuilder();
  r.commit({ author: BOB, date: dayAt('2024-06-01'), subject: 'Start the service', files: { 'src/app.ts': 'a\n' } });
  let n = 0;
  const fix = (day: string) => {
    n++;
    r.commit({
      author: ALEX,
      date: dayAt(day),
      subject: `Fix edge case ${n}`,
      body: 'The root cause was an off-by-one in the pager.',
      trailers: ['Fixes: 1234567 ("Start the service")'],
      files: { [`src/fix${n}.ts`]: `fix ${n}\n`, [`test/fix${n}.test.ts`]: `test ${n}\n` },
    });
  };
  const reviewed = (day: string) => {
    n++;
    r.commit({ author: BOB, date: dayAt(day), subject: `Feature ${n}`, trailers: [`Reviewed-by: ${ALEX}`], files: { [`src/feature${n}.ts`]: `f ${n}\n` } });
  };
  ['2024-11-03', '2024-12-10'].forEach(reviewed);
  ['2025-01-15', '2025-02-20', '2025-03-25'].forEach(fix);
  fix('2025-08-08');
  ['2026-01-05', '2026-01-20', '2026-02-11', '2026-03-02', '2026-03-30'].forEach(reviewed);
  ['2026-04-02', '2026-05-15', '2026-06-29'].forEach(fix);
  return r;
}

describe('the trajectory', () => {
  const now = new Date(2026, 7, 15, 12);

  it('names the last eight calendar quarters, oldest first', () => {
    expect(lastQuarters(now).map(q => q.quarter)).toEqual(['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    expect(lastQuarters(now)[0]).toMatchObject({ since: '2024-10-01', until: '2024-12-31' });
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(quarterOf('2026-10-01')).toBe('2026-Q4');
  });

  it('gives each quarter the status known by construction, whatever the review period, and the same as that quarter analysed alone', async () => {
    const repo = buildQuarterHistory();
    const notesDir = path.join(repo.dir, '.growth');
    await createWin(notesDir, { title: 'Negotiated the launch scope', expectations: ['senior.negotiation'], date: '2025-11-20' });
    await createWin(notesDir, { title: 'Before the trajectory', expectations: ['senior.negotiation'], date: '2023-05-01' });
    const a = await analyze({ repos: [repo.dir], since: '2026-06-01', notesDir, now });
    const column = (id: string) => a.trajectory.map(q => `${q.quarter} ${q.expectations[id]}`);
    expect(column('mid.problemSolving')).toEqual([
      '2024-Q4 none',
      '2025-Q1 demonstrated',
      '2025-Q2 none',
      '2025-Q3 partial',
      '2025-Q4 none',
      '2026-Q1 none',
      '2026-Q2 demonstrated',
      '2026-Q3 none',
    ]);
    expect(column('mid.review')).toEqual([
      '2024-Q4 partial',
      '2025-Q1 none',
      '2025-Q2 none',
      '2025-Q3 none',
      '2025-Q4 none',
      '2026-Q1 demonstrated',
      '2026-Q2 none',
      '2026-Q3 none',
    ]);
    expect(column('senior.negotiation').filter(s => !s.endsWith('none'))).toEqual(['2025-Q4 demonstrated']);
    // The same answer for every quarter and expectation as an analysis of that quarter alone.
    for (const span of lastQuarters(now)) {
      const alone = await analyze({ repos: [repo.dir], since: span.since, until: span.until, notesDir, now });
      const point = a.trajectory.find(q => q.quarter === span.quarter)!;
      expect(point.expectations, span.quarter).toEqual(Object.fromEntries(alone.expectations.map(x => [x.id, x.status])));
    }
  });

  it('is the same from a stored result, and after new commits extend it', async () => {
    const repo = buildQuarterHistory();
    const cacheDir = tempDir();
    const fresh = await analyze({ repos: [repo.dir], now });
    expect((await analyze({ repos: [repo.dir], now, cacheDir })).trajectory).toEqual(fresh.trajectory);
    expect((await analyze({ repos: [repo.dir], now, cacheDir })).trajectory).toEqual(fresh.trajectory);
    repo.commit({
      author: ALEX,
      date: dayAt('2026-08-01'),
      subject: 'Fix late',
      body: 'Root cause: a stale cache.',
      trailers: ['Fixes: 1234567 ("x")'],
      files: { 'src/late.ts': 'l\n', 'test/late.test.ts': 't\n' },
    });
    const extended = await analyze({ repos: [repo.dir], now, cacheDir });
    const recomputed = await analyze({ repos: [repo.dir], now });
    expect(extended.trajectory).toEqual(recomputed.trajectory);
    expect(extended.trajectory.at(-1)!.expectations['mid.problemSolving']).toBe('partial');
  });
});

describe('the plan in the analysis', () => {
  it('carries goals with progress, feedback, check-ins, the track and the trajectory, as the schema says', async () => {
    const repo = buildQuarterHistory();
    const notesDir = path.join(repo.dir, '.growth');
    const now = new Date(2026, 7, 15, 12);
    await createGoal(notesDir, {
      title: 'Raise the quality bar',
      expectations: ['mid.problemSolving', 'senior.quality'],
      created: '2026-05-01',
      due: '2026-12-31',
      milestones: ['A', 'B'],
    });
    await createWin(notesDir, { title: 'Found the pager bug', expectations: ['senior.quality'], date: '2026-06-01' });
    await createWin(notesDir, { title: 'Before the goal', expectations: ['senior.quality'], date: '2026-04-01' });
    await createFeedback(notesDir, { from: 'Sam', text: 'Great root-cause write-ups.', expectations: ['mid.problemSolving'], date: '2026-07-01' });
    await createCheckIn(notesDir, { date: '2026-07-01', assessments: [{ expectation: 'mid.review', rating: 'met', why: 'x' }] });
    await setTrack(notesDir, 'ic');
    const a = await analyze({ repos: [repo.dir], since: '2025-08-15', notesDir, now });
    expect(a.problems).toEqual([]);
    // Fixes on 2026-05-15 and 2026-06-29 fall after the goal began; the one on 2026-04-02 does not.
    expect(a.goals[0]!.progress).toEqual({ milestonesDone: 0, milestones: 2, evidence: 2, wins: 1 });
    expect(a.feedback.map(f => f.from)).toEqual(['Sam']);
    expect(a.checkIns.map(c => c.date)).toEqual(['2026-07-01']);
    expect(a.track).toBe('ic');
    expect(a.trackExpectations).toEqual(DEFAULT_FRAMEWORK.tracks!.ic);
    expect(a.trajectory).toHaveLength(8);
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('reports a broken plan note among the problems and keeps the rest', async () => {
    const repo = buildQuarterHistory();
    const notesDir = path.join(repo.dir, '.growth');
    mkdirSync(path.join(notesDir, 'goals'), { recursive: true });
    writeFileSync(path.join(notesDir, 'goals', 'bad.md'), '---\ntitle: Bad\ndue: next year\n---\n');
    await createFeedback(notesDir, { from: 'Sam', text: 'Kept.' });
    const a = await analyze({ repos: [repo.dir], notesDir });
    expect(a.problems).toEqual([
      {
        file: path.join(notesDir, 'goals', 'bad.md'),
        line: 3,
        message: `${path.join(notesDir, 'goals', 'bad.md')}:3: due: must be YYYY-MM-DD, got "next year"`,
      },
    ]);
    expect(a.feedback.map(f => f.text)).toEqual(['Kept.']);
  });
});

describe('the Plan section of the packet', () => {
  it('lists the track, goals with learning plans, feedback and the trajectory table, with hostile text inert', async () => {
    const repo = buildQuarterHistory();
    const notesDir = path.join(repo.dir, '.growth');
    const now = new Date(2026, 7, 15, 12);
    await createGoal(notesDir, {
      title: 'Raise the <b>quality</b> bar',
      expectations: ['mid.problemSolving'],
      created: '2026-05-01',
      due: '2026-12-31',
      milestones: ['Write the runbook'],
      learningPlan: 'Read *Release It!* and pair with Bob.',
    });
    await createFeedback(notesDir, { from: 'Sam <script>', text: 'Great write-ups <img src=x onerror=alert(1)>', kind: 'praise', date: '2026-07-01' });
    await setTrack(notesDir, 'ic');
    const a = await analyze({ repos: [repo.dir], since: '2025-08-15', notesDir, now });
    const markdown = renderMarkdown(a);
    expect(markdown).toContain('## Plan\n\nTrack: Individual contributor\n\n### Goals\n\n');
    // Escaped only where Markdown would make emphasis of it.
    expect(markdown).toContain('Learning plan: Read \\*Release It!\\* and pair with Bob.');
    expect(markdown).toContain('| Expectation | 2024-Q4 | 2025-Q1 | 2025-Q2 | 2025-Q3 | 2025-Q4 | 2026-Q1 | 2026-Q2 | 2026-Q3 |');
    expect(markdown).toContain('| Solves problems independently | · | ● | · | ◐ | · | · | ● | · |');
    expect(markdown).not.toContain('<script>');
    // The ic track leads each level with its expectations: senior ownership before senior review.
    expect(markdown.indexOf('### Is the go-to owner of critical areas')).toBeLessThan(markdown.indexOf('### Shapes the team'));
    const html = renderHtml(a);
    expect(html).toContain('<h2>Plan</h2>');
    expect(html).toContain('Raise the &#60;b&#62;quality&#60;/b&#62; bar');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<td>Solves problems independently</td><td title="none">·</td><td title="demonstrated">●</td>');
  });

  it('is left out when there is no plan', async () => {
    const a = await analyze({ repos: [buildQuarterHistory().dir], notesDir: tempDir() });
    expect(renderMarkdown(a)).not.toContain('## Plan');
    expect(renderHtml(a)).not.toContain('<h2>Plan</h2>');
  });
});

describe('the plan in the panel', () => {
  it('sends active goals soonest due first, recent feedback, the last check-in and the grid, the track first', async () => {
    const { toAnalysisView, FEEDBACK_SHOWN } = await import('../../src/extension/viewModel');
    const { parseFromWebview } = await import('../../src/protocol/messages');
    const repo = buildQuarterHistory();
    const notesDir = path.join(repo.dir, '.growth');
    const later = await createGoal(notesDir, { title: 'Later', due: '2027-06-30', created: '2026-01-01' });
    const sooner = await createGoal(notesDir, { title: 'Sooner', due: '2026-12-31', created: '2026-02-01' });
    const finished = await createGoal(notesDir, { title: 'Finished', created: '2026-01-01' });
    await updateGoal(finished, { status: 'done' });
    for (let i = 1; i <= FEEDBACK_SHOWN + 2; i++) await createFeedback(notesDir, { from: `Peer ${i}`, text: `Note ${i}`, date: `2026-07-0${i}` });
    await createCheckIn(notesDir, { date: '2026-07-20', assessments: [] });
    await setTrack(notesDir, 'manager');
    const a = await analyze({ repos: [repo.dir], notesDir, now: new Date(2026, 7, 15, 12) });
    const plan = toAnalysisView(a, true).plan;
    expect(plan.goals.map(g => g.id)).toEqual([sooner.id, later.id]);
    expect(plan.feedback.map(f => f.from)).toEqual(['Peer 5', 'Peer 4', 'Peer 3']);
    expect(plan.feedbackTotal).toBe(FEEDBACK_SHOWN + 2);
    expect(plan.lastCheckIn).toBe('2026-07-20');
    expect(plan.trackLabel).toBe('People manager');
    expect(plan.quarters).toEqual(a.trajectory.map(q => q.quarter));
    expect(plan.trajectory[0]!.id).toBe('senior.mentoring');
    expect(toAnalysisView(a, true).expectations[0]!.id).toBe('senior.mentoring');
    const solves = plan.trajectory.find(r => r.id === 'mid.problemSolving')!;
    expect(solves.statuses).toEqual(a.trajectory.map(q => q.expectations['mid.problemSolving']));
    expect(parseFromWebview({ type: 'completeGoal', id: sooner.id })).toEqual({ type: 'completeGoal', id: sooner.id });
    expect(parseFromWebview({ type: 'completeGoal' })).toEqual({ type: 'completeGoal' });
    expect(parseFromWebview({ type: 'completeGoal', id: 42 })).toBeUndefined();
    expect(parseFromWebview({ type: 'recordFeedback' })).toEqual({ type: 'recordFeedback' });
  });
});
