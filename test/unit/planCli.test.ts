import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from './helpers/cli';
import { buildKnownHistory } from './helpers/knownHistory';
import { cleanupTemps } from './helpers/repoBuilder';

afterAll(cleanupTemps);

describe('CLI: the growth plan', () => {
  it('records feedback, sets and completes a goal, checks in twice and sets the track, all in analyze --json', async () => {
    const r = buildKnownHistory();
    const notes = path.join(r.dir, '.growth');
    const fb = await run(
      'feedback',
      'add',
      'Your',
      'design doc was clear',
      '--repo',
      r.dir,
      '--from',
      'Sam Lee',
      '--expectation',
      'senior.design',
      '--date',
      '2025-07-01',
      '--kind',
      'praise',
    );
    expect(fb).toEqual({ code: 0, stdout: `Recorded feedback from Sam Lee in ${path.join(notes, 'feedback', '2025-07-01-sam-lee.md')}\n`, stderr: '' });
    const goal = await run(
      'goal',
      'add',
      'Own billing',
      '--repo',
      r.dir,
      '--expectation',
      'senior.ownership',
      '--due',
      '2099-12-31',
      '--milestone',
      'Read it all',
      '--plan',
      'Pair with Bob.',
    );
    expect(goal.code).toBe(0);
    const id = /^Set goal (\S+) in /.exec(goal.stdout)![1]!;
    expect((await run('goal', 'done', id, '--repo', r.dir)).stdout).toBe(`Completed goal ${id}: Own billing\n`);
    const first = await run('check-in', '--repo', r.dir, '--date', '2025-07-02');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('This is your first check-in');
    writeFileSync(path.join(notes, 'wins', '..', 'profile.yaml'), '# mine\nmanager: Maria\n');
    expect((await run('track', 'set', 'manager', '--repo', r.dir)).stdout).toBe('Track set to manager\n');
    expect(readFileSync(path.join(notes, 'profile.yaml'), 'utf8')).toBe('# mine\nmanager: Maria\ntrack: manager\n');
    const second = await run('check-in', '--repo', r.dir, '--date', '2025-08-02');
    expect(second.stdout).toContain('Since your last check-in (2025-07-02): nothing moved.');

    const summary = await run('analyze', '--repo', r.dir, '--since', '2025-01-01');
    expect(summary.stdout).toContain('\nTrack: People manager\nFeedback received: 1 (latest from Sam Lee, 2025-07-01)\nLast check-in: 2025-08-02\n');
    const a = JSON.parse((await run('analyze', '--repo', r.dir, '--since', '2025-01-01', '--json')).stdout);
    expect(a.feedback).toMatchObject([
      { from: 'Sam Lee', date: '2025-07-01', text: 'Your design doc was clear', expectations: ['senior.design'], kind: 'praise' },
    ]);
    expect(a.goals).toMatchObject([
      {
        id,
        title: 'Own billing',
        due: '2099-12-31',
        status: 'done',
        expectations: ['senior.ownership'],
        milestones: [{ title: 'Read it all', done: false }],
        learningPlan: 'Pair with Bob.',
      },
    ]);
    expect(a.checkIns.map((c: { date: string }) => c.date)).toEqual(['2025-08-02', '2025-07-02']);
    expect(a.checkIns[0].assessments).toHaveLength(a.expectations.length);
    expect(a.track).toBe('manager');
    expect(a.trajectory).toHaveLength(8);
    // The notes folder stays out of the team's repository.
    expect(readFileSync(path.join(r.dir, '.git', 'info', 'exclude'), 'utf8')).toContain('/.growth/');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('refuses bad input with exit code 2 and one line, and writes nothing', async () => {
    const r = buildKnownHistory();
    const cases: [string[], string][] = [
      [['feedback', 'add', 'Nice', '--repo', r.dir], 'growth-ledger: feedback add needs --from NAME: who gave the feedback\n'],
      [
        ['feedback', 'add', '--from', 'Sam', '--repo', r.dir],
        'growth-ledger: feedback add needs their words, e.g. growth-ledger feedback add "Clear design doc" --from "Sam Lee"\n',
      ],
      [
        ['feedback', 'add', 'Nice', '--from', 'Sam', '--date', '2025-02-30', '--repo', r.dir],
        'growth-ledger: --date must be a date like 2026-07-01, got "2025-02-30"\n',
      ],
      [['feedback', 'add', 'Nice', '--from', 'Sam', '--kind', 'rude', '--repo', r.dir], 'growth-ledger: --kind must be praise or constructive, got "rude"\n'],
      [
        ['feedback', 'add', 'Nice', '--from', 'Sam', '--expectation', 'senior.flying', '--repo', r.dir],
        'growth-ledger: unknown expectation "senior.flying" (known: ',
      ],
      [['feedback', 'remove', '--repo', r.dir], 'growth-ledger: feedback needs one of: feedback add (got "remove")\n'],
      [['goal', 'add', '--repo', r.dir], 'growth-ledger: goal add needs a title, e.g. growth-ledger goal add "Own the billing service" --due 2027-03-31\n'],
      [['goal', 'add', 'Late', '--due', 'tomorrow', '--repo', r.dir], 'growth-ledger: --due must be a date like 2026-07-01, got "tomorrow"\n'],
      [
        ['goal', 'add', 'Late', '--due', '2001-01-01', '--repo', r.dir],
        "growth-ledger: --due 2001-01-01 is in the past: give a day from the goal's start on\n",
      ],
      [['goal', 'done', 'no-such-goal', '--repo', r.dir], 'growth-ledger: no goal "no-such-goal" (there are no active goals)\n'],
      [['goal', 'done', '--repo', r.dir], "growth-ledger: goal done needs the goal's id (growth-ledger analyze --json lists them under goals)\n"],
      [['goal', '--repo', r.dir], 'growth-ledger: goal needs one of: goal add, goal done, goal drop\n'],
      [['track', 'set', 'astronaut', '--repo', r.dir], 'growth-ledger: track set needs one of ic, manager, hybrid, got "astronaut"\n'],
      [['track', 'set', '--repo', r.dir], 'growth-ledger: track set needs one of ic, manager, hybrid\n'],
      [['check-in', 'now', '--repo', r.dir], 'growth-ledger: check-in takes no words, got "now"\n'],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr.startsWith(message), `${argv.join(' ')}: ${result.stderr}`).toBe(true);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(readdirSync(r.dir)).not.toContain('.growth');
  });

  it('reports a broken goal with its path and line instead of completing it, and leaves it as it was', async () => {
    const r = buildKnownHistory();
    const dir = path.join(r.dir, '.growth', 'goals');
    await run('goal', 'add', 'Fine', '--repo', r.dir, '--date', '2025-01-01');
    const file = path.join(dir, '2025-01-02-broken.md');
    const content = '---\ntitle: Broken\nstatus: finished\n---\n';
    writeFileSync(file, content);
    const result = await run('goal', 'done', '2025-01-02-broken', '--repo', r.dir);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `growth-ledger: ${file}:3: status: must be one of active, done, dropped, got "finished" (fix the goal by hand; it was not changed)\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
