import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTE_FILES, isNoteFile } from '../../src/core/notes/noteFiles';

describe('the notes whose change refreshes the analysis', () => {
  const notes = path.join(path.sep, 'work', 'repo', '.growth');
  const at = (...parts: string[]) => path.join(notes, ...parts);

  it('are the notes of each kind, the framework and the profile, as the watcher glob says', () => {
    for (const file of [at('wins', 'a.md'), at('statements', 'mid.review.md'), at('feedback', 'f.md'), at('goals', 'g.md'), at('check-ins', 'c.md')]) {
      expect(isNoteFile(notes, file), file).toBe(true);
    }
    expect(isNoteFile(notes, at('framework.yaml'))).toBe(true);
    expect(isNoteFile(notes, at('profile.yaml'))).toBe(true);
    for (const folder of ['wins', 'statements', 'feedback', 'goals', 'check-ins']) expect(NOTE_FILES).toContain(`${folder}/*.md`);
    expect(NOTE_FILES).toBe('{wins/*.md,statements/*.md,feedback/*.md,goals/*.md,check-ins/*.md,framework.yaml,profile.yaml}');
  });

  it('are not packets, imports, nested files, other names or files outside the folder', () => {
    for (const file of [
      at('packets', 'promotion-packet.md'),
      at('imports', 'reviews.json'),
      at('wins', 'old', 'a.md'),
      at('wins', 'a.txt'),
      at('README.md'),
      path.join(notes, '..', 'framework.yaml'),
      path.join(path.sep, 'elsewhere', 'wins', 'a.md'),
    ]) {
      expect(isNoteFile(notes, file), file).toBe(false);
    }
  });
});
