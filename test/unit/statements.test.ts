import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { parseStatement, readStatements, statementFile, updateStatement } from '../../src/core/notes/statements';
import { buildKnownHistory } from './helpers/knownHistory';
import { cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

describe('statements', () => {
  it('creates a hand-editable file and changes it in place, keeping what a person wrote', async () => {
    const notes = tempDir();
    const created = await updateStatement(notes, 'senior.ownership', { text: 'I own billing end to end.', pin: ['0123456'] });
    expect(created).toMatchObject({ expectation: 'senior.ownership', text: 'I own billing end to end.', pinned: ['0123456'], hidden: [] });
    expect(created.file).toBe(path.join(notes, 'statements', 'senior.ownership.md'));
    // A SHA of digits stays a string: quoted, or read back as written.
    expect(readFileSync(created.file, 'utf8')).toMatch(/^---\n# .+\n# .+\n# .+\n\npinned: \[ "0123456" \]\nhidden: \[\]\n---\n\nI own billing end to end\.\n$/);

    const edited = readFileSync(created.file, 'utf8').replace('hidden: []', 'reviewer: Priya # asked in March\nhidden: [ 1e5a2b3 ]');
    writeFileSync(created.file, edited);
    const next = await updateStatement(notes, 'senior.ownership', { pin: ['abcdef1'], hide: ['0123456'] });
    expect(next).toMatchObject({ text: 'I own billing end to end.', pinned: ['abcdef1'], hidden: ['1e5a2b3', '0123456'] });
    const text = readFileSync(created.file, 'utf8');
    expect(text).toContain('reviewer: Priya # asked in March');
    expect(text).toContain('# Your statement for this expectation');
    const reset = await updateStatement(notes, 'senior.ownership', { reset: ['0123456'], text: 'Rewritten.' });
    expect(reset).toMatchObject({ text: 'Rewritten.', pinned: ['abcdef1'], hidden: ['1e5a2b3'] });
  });

  it('reads plain text as a statement with nothing pinned, and a short SHA as naming its commit', async () => {
    const notes = tempDir();
    mkdirSync(path.join(notes, 'statements'));
    writeFileSync(path.join(notes, 'statements', 'mid.review.md'), 'I review the API changes.\n');
    expect((await readStatements(notes)).statements).toEqual([
      { expectation: 'mid.review', text: 'I review the API changes.', pinned: [], hidden: [], file: path.join(notes, 'statements', 'mid.review.md') },
    ]);
    await updateStatement(notes, 'mid.review', { pin: ['abc1234'] });
    expect(readFileSync(path.join(notes, 'statements', 'mid.review.md'), 'utf8')).toMatch(
      /pinned: \[ abc1234 \]\nhidden: \[\]\n---\n\nI review the API changes\.\n$/,
    );
  });

  it('reports a broken file with its line and never rewrites it', async () => {
    const notes = tempDir();
    mkdirSync(path.join(notes, 'statements'));
    const broken = path.join(notes, 'statements', 'mid.delivery.md');
    const content = '---\nreviewer: me\npinned: [abc1234\n---\nText\n';
    writeFileSync(broken, content);
    const wrongType = path.join(notes, 'statements', 'mid.review.md');
    writeFileSync(wrongType, '---\nreviewer: me\nhidden: abc1234\n---\n');
    const { statements, problems } = await readStatements(notes);
    expect(statements).toEqual([]);
    expect(problems.map(p => [path.basename(p.file), p.line, p.message.replace(notes, '')])).toEqual([
      ['mid.delivery.md', 3, expect.stringMatching(/^\/statements\/mid\.delivery\.md:3: invalid YAML: /)],
      ['mid.review.md', 3, '/statements/mid.review.md:3: hidden: must be a list of commits, e.g. [1a2b3c4]'],
    ]);
    await expect(updateStatement(notes, 'mid.delivery', { pin: ['abc1234'] })).rejects.toThrow(/mid\.delivery\.md:3: invalid YAML/);
    expect(readFileSync(broken, 'utf8')).toBe(content);
  });

  it('refuses ids and references that could leave the folder', async () => {
    const notes = tempDir();
    for (const id of ['..', '.hidden', '../x', 'a/b', '']) expect(() => statementFile(notes, id)).toThrow(/not an expectation id/);
    await expect(updateStatement(notes, 'mid.review', { pin: ['../../etc'] })).rejects.toThrow(/not a commit or a win id/);
    expect(existsSync(path.join(notes, 'statements'))).toBe(false);
    expect(() => parseStatement('---\npinned: ["../x"]\n---\n', '/n/statements/mid.review.md')).toThrow(
      /mid\.review\.md:2: pinned: "\.\.\/x" is not a commit or a win id/,
    );
  });

  it('travels in the analysis, which matches the JSON schema, and its problems are reported', async () => {
    const r = buildKnownHistory();
    const notes = path.join(r.dir, '.growth');
    await updateStatement(notes, 'mid.review', { text: 'Mine.', pin: [r.head().slice(0, 8)] });
    writeFileSync(path.join(notes, 'statements', 'mid.delivery.md'), '---\npinned: [\n---\n');
    const a = await analyze({ repos: [r.dir], since: '2025-01-01', notesDir: notes, now: new Date('2025-08-01T00:00:00Z') });
    expect(a.statements).toEqual([
      { expectation: 'mid.review', text: 'Mine.', pinned: [r.head().slice(0, 8)], hidden: [], file: path.join(notes, 'statements', 'mid.review.md') },
    ]);
    expect(a.problems.map(p => path.basename(p.file))).toEqual(['mid.delivery.md']);
    expect(a.evidence.some(e => e.figures && Object.keys(e.figures).length > 0)).toBe(true);
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schema/analysis.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    validate(JSON.parse(JSON.stringify(a)));
    expect(validate.errors ?? []).toEqual([]);
  });
});
