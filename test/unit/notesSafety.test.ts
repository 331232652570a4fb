import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWin, readNotes, updateNote } from '../../src/core/notes/notesStore';
import { cleanupTemps, tempDir } from './helpers/repoBuilder';
import { bundle, withTmpfs } from './helpers/processes';

afterAll(cleanupTemps);

describe('notes survive a crash in the middle of a write', () => {
  it('leaves the old file whole when the writer is killed at any moment', async () => {
    const dir = tempDir();
    // The real writeFileAtomic, bundled for a child process that we can kill.
    const writer = path.join(dir, 'writer.cjs');
    bundle(
      writer,
      "const { writeFileAtomic } = require('./src/core/atomicWrite'); writeFileAtomic(process.argv[2], process.argv[3].repeat(Number(process.argv[4]))).then(() => process.exit(0));",
    );
    const file = path.join(dir, 'note.md');
    const old = 'old content\n'.repeat(1000);
    writeFileSync(file, old);
    const outcomes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const child = spawn(process.execPath, [writer, file, 'N'.repeat(1024), String(16 * 1024)], { stdio: 'ignore' });
      await new Promise(r => setTimeout(r, 5 + i * 7));
      child.kill('SIGKILL');
      await new Promise(r => child.on('close', r));
      const now = readFileSync(file, 'utf8');
      // Either untouched or completely replaced: never a mix, never truncated.
      expect(now === old || now === 'N'.repeat(1024 * 16 * 1024)).toBe(true);
      outcomes.add(now === old ? 'old' : 'new');
      if (now !== old) writeFileSync(file, old);
    }
    expect(outcomes.has('old')).toBe(true);
  });
});

describe('a full disk', () => {
  it('reports the failure and loses nothing', async () => {
    // A 64 KiB tmpfs stands in for a full disk; mounting needs root (CI runs as root) or a user namespace.
    const script = path.join(tempDir(), 'full-disk.cjs');
    bundle(
      script,
      `
const { createWin, readNotes, updateNote } = require('./src/core/notes/notesStore');
(async () => {
  const dir = process.argv[2];
  const kept = await createWin(dir, { title: 'Kept', date: '2026-01-01', text: 'safe' });
  const before = require('fs').readFileSync(kept.file, 'utf8');
  const errors = [];
  try { await createWin(dir, { title: 'Too big', date: '2026-01-02', text: 'x'.repeat(200 * 1024) }); } catch (e) { errors.push(e.code); }
  try { await updateNote(kept.file, { impact: 'y'.repeat(200 * 1024) }); } catch (e) { errors.push(e.code); }
  const after = require('fs').readFileSync(kept.file, 'utf8');
  const { notes } = await readNotes(dir);
  const leftovers = require('fs').readdirSync(require('path').join(dir, 'wins'));
  console.log(JSON.stringify({ errors, unchanged: before === after, titles: notes.map(n => n.title), leftovers }));
})();`,
    );
    const mountPoint = path.join(tempDir(), 'tiny');
    mkdirSync(mountPoint);
    const result = JSON.parse(withTmpfs(mountPoint, 'size=64k', `'${process.execPath}' '${script}' '${mountPoint}/notes'`).trim().split('\n').pop()!);
    expect(result.errors).toEqual(['ENOSPC', 'ENOSPC']);
    expect(result.unchanged).toBe(true);
    expect(result.titles).toEqual(['Kept']);
    expect(result.leftovers).toEqual(['2026-01-01-kept.md']);
    expect(existsSync(path.join(mountPoint, 'notes'))).toBe(false); // unmounted again
  });
});

describe('a read-only notes folder', () => {
  it('refuses the write with EROFS and keeps what is there', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'read-only.cjs');
    bundle(
      script,
      `
const { createWin, readNotes, updateNote } = require('./src/core/notes/notesStore');
(async () => {
  const notes = process.argv[2];
  const errors = [];
  try { await createWin(notes, { title: 'New', date: '2026-01-02' }); } catch (e) { errors.push(e.code); }
  try { await updateNote(require('path').join(notes, 'wins', '2026-01-01-kept.md'), { impact: 'changed' }); } catch (e) { errors.push(e.code); }
  const { notes: all } = await readNotes(notes);
  console.log(JSON.stringify({ errors, titles: all.map(n => n.title), impact: all[0] && all[0].impact }));
})();`,
    );
    const mountPoint = path.join(tempDir(), 'ro');
    mkdirSync(mountPoint);
    // Write one note, then remount the folder read-only and try again.
    const seed = `mkdir -p '${mountPoint}/notes/wins' && printf -- '---\\ntitle: Kept\\ndate: 2026-01-01\\nimpact: original\\n---\\n' > '${mountPoint}/notes/wins/2026-01-01-kept.md' && mount -o remount,ro '${mountPoint}'`;
    const out = withTmpfs(mountPoint, 'size=1m', `${seed} && '${process.execPath}' '${script}' '${mountPoint}/notes'`);
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.errors).toEqual(['EROFS', 'EROFS']);
    expect(result.titles).toEqual(['Kept']);
    expect(result.impact).toBe('original');
  });
});

describe('two processes logging the same win at the same moment', () => {
  it('keeps both', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'log.cjs');
    bundle(script, "require('./src/core/notes/notesStore').createWin(process.argv[2], { title: 'Same moment', date: '2026-05-05', impact: process.argv[3] });");
    const notes = path.join(dir, 'notes');
    await Promise.all(['window one', 'window two', 'window three'].map(w => new Promise(r => spawn(process.execPath, [script, notes, w]).on('close', r))));
    const { notes: all, problems } = await readNotes(notes);
    expect(problems).toEqual([]);
    expect(all.map(n => n.impact).sort()).toEqual(['window one', 'window three', 'window two']);
  });
});

describe('hand-edited notes', () => {
  it('reads CRLF files, quoted dates and comma-separated lists', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'wins'), { recursive: true });
    writeFileSync(
      path.join(dir, 'wins', 'a.md'),
      '---\r\ntitle: "Windows note"\r\ndate: "2026-03-03"\r\nexpectations: mid.review, senior.review\r\n---\r\nBody\r\n',
    );
    const { notes, problems } = await readNotes(dir);
    expect(problems).toEqual([]);
    expect(notes[0]).toMatchObject({ title: 'Windows note', date: '2026-03-03', expectations: ['mid.review', 'senior.review'] });
    await updateNote(notes[0]!.file, { tags: ['ok'] });
    expect(readdirSync(path.join(dir, 'wins'))).toEqual(['a.md']);
    await createWin(dir, { title: 'Second', date: '2026-03-04' });
    expect((await readNotes(dir)).notes.map(n => n.title)).toEqual(['Second', 'Windows note']);
  });
});
