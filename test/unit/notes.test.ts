import { promises as fs, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWin, readNotes, updateNote, parseNote } from '../../src/core/notes/notesStore';
import { excludeFromGit } from '../../src/core/notes/privacy';
import { FileProblem } from '../../src/core/framework/loader';
import { RepoBuilder, cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

describe('notes store', () => {
  it('writes a win as Markdown with YAML front matter and reads it back', async () => {
    const dir = tempDir();
    const note = await createWin(dir, {
      title: 'Shipped the cache layer!',
      impact: 'p95 down 40%',
      expectations: ['senior.delivery'],
      commits: ['abc1234'],
      tags: ['perf'],
      date: '2026-11-21',
      text: 'Details here.',
    });
    expect(path.relative(dir, note.file)).toBe(path.join('wins', '2026-11-21-shipped-the-cache-layer.md'));
    const text = readFileSync(note.file, 'utf8');
    expect(text).toMatch(/^---\nid: 2026-11-21-shipped-the-cache-layer\ndate: 2026-11-21\ntitle: Shipped the cache layer!\nimpact: p95 down 40%\n/);
    expect(text).toContain('\n---\n\nDetails here.\n');
    const { notes, problems } = await readNotes(dir);
    expect(problems).toEqual([]);
    expect(notes).toEqual([{ ...note }]);
  });

  it('keeps both wins when two writers log the same title at the same moment', async () => {
    const dir = tempDir();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createWin(dir, { title: 'Same title', date: '2026-01-01', impact: `writer ${i}` })));
    expect(new Set(results.map(r => r.file)).size).toBe(8);
    const { notes } = await readNotes(dir);
    expect(notes.map(n => n.impact).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `writer ${i}`).sort());
    expect(readdirSync(path.join(dir, 'wins')).filter(f => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps unknown fields, comments and text when it updates a hand-edited note', async () => {
    const dir = tempDir();
    await fs.mkdir(path.join(dir, 'wins'), { recursive: true });
    const file = path.join(dir, 'wins', '2026-02-02-hand.md');
    writeFileSync(
      file,
      '---\n# my own comment\ntitle: Hand written\ndate: 2026-02-02\nmanager_feedback: "great"\nexpectations: [mid.review]\n---\n\nMy text *stays*.\n',
    );
    const updated = await updateNote(file, { expectations: ['mid.review', 'senior.review'], impact: 'Unblocked two teams' });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my own comment');
    expect(text).toContain('manager_feedback: "great"');
    expect(text).toContain('\nMy text *stays*.\n');
    expect(updated.expectations).toEqual(['mid.review', 'senior.review']);
    expect(updated.impact).toBe('Unblocked two teams');
    expect(updated.id).toBe('2026-02-02-hand');
  });

  it('reports a broken note with its path and line and never rewrites it', async () => {
    const dir = tempDir();
    await createWin(dir, { title: 'Good one', date: '2026-03-01' });
    const broken = path.join(dir, 'wins', '2026-03-02-broken.md');
    const content = '---\ntitle: Broken\ndate: 2026-03-02\nexpectations: [unclosed\n---\nbody\n';
    writeFileSync(broken, content);
    const { notes, problems } = await readNotes(dir);
    expect(notes.map(n => n.title)).toEqual(['Good one']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(broken);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
    expect(problems[0]!.message).toMatch(/^.*2026-03-02-broken\.md:\d+: invalid YAML/);
    await expect(updateNote(broken, { title: 'x' })).rejects.toBeInstanceOf(FileProblem);
    expect(readFileSync(broken, 'utf8')).toBe(content);
  });

  it('reports a wins folder it cannot read and leaves what is there alone', async () => {
    const dir = tempDir();
    await fs.mkdir(dir, { recursive: true });
    const inTheWay = path.join(dir, 'wins');
    writeFileSync(inTheWay, 'a file where the wins folder should be\r\n');
    const { notes, problems } = await readNotes(dir);
    expect(notes).toEqual([]);
    expect(problems.map(p => p.message)).toEqual([`${inTheWay}:1: cannot read the wins folder: ENOTDIR`]);
    await expect(createWin(dir, { title: 'Nowhere to go' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(inTheWay, 'utf8')).toBe('a file where the wins folder should be\r\n');
    expect(readdirSync(dir)).toEqual(['wins']);
  });

  it('rejects notes without front matter or title, and bad dates', () => {
    expect(() => parseNote('just text', '/x.md')).toThrow(/x\.md:1: missing YAML front matter/);
    expect(() => parseNote('---\ndate: 2026-01-01\n---\n', '/x.md')).toThrow(/title: is required/);
    expect(() => parseNote('---\ntitle: t\ndate: yesterday\n---\n', '/x.md')).toThrow(/date: must be YYYY-MM-DD/);
  });

  it('keeps the notes folder out of git with .git/info/exclude, once', async () => {
    const r = new RepoBuilder();
    r.commit({ author: 'A <a@example.com>', date: '2025-01-01T00:00:00Z', subject: 'init' });
    const notes = path.join(r.dir, '.growth');
    await createWin(notes, { title: 'Private', date: '2026-01-01' });
    expect(await excludeFromGit(r.dir, notes)).toBe(true);
    expect(await excludeFromGit(r.dir, notes)).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(r.dir, '.git', 'info', 'exclude'), 'utf8').match(/^\/\.growth\/$/gm)).toHaveLength(1);
  });
});
