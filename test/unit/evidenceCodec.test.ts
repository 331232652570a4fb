import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { EvidenceEncoder, decodeEvidence } from '../../src/core/evidenceCodec';
import type { EvidenceItem } from '../../src/core/model';
import { buildKnownHistory } from './helpers/knownHistory';
import { cleanupTemps } from './helpers/repoBuilder';

afterAll(cleanupTemps);

const roundTrip = (lists: EvidenceItem[][]) => {
  const encoder = new EvidenceEncoder();
  const encoded = lists.map(list => encoder.encode(list));
  // Through JSON, as the file holds it.
  const table = JSON.parse(JSON.stringify(encoder.finish()));
  return encoded.map(list => decodeEvidence(JSON.parse(JSON.stringify(list)), table));
};

describe('stored evidence', () => {
  it('decodes to exactly the items it was given: every key, in the same order, links included', async () => {
    const r = buildKnownHistory();
    const analysis = await analyze({ repos: [r.dir], since: '2024-01-01', now: new Date('2026-11-01T00:00:00Z') });
    const evidence = analysis.evidence.filter(e => e.repo);
    expect(evidence.length).toBeGreaterThan(20);
    expect(evidence.some(e => e.link?.endsWith(e.commit))).toBe(true);
    const quarters = [evidence.slice(0, 5), evidence.slice(-3)];
    const [back, ...rest] = roundTrip([evidence, ...quarters]);
    expect(JSON.stringify(back)).toBe(JSON.stringify(evidence));
    expect(rest.map(list => JSON.stringify(list))).toEqual(quarters.map(list => JSON.stringify(list)));
  });

  it('keeps what does not fit the compact form as it is', () => {
    const odd = {
      link: 'https://example.com/not-the-commit',
      kind: 'review',
      signal: 'review.trailer',
      repo: '',
      commit: 'abc',
      date: '2026-01-01',
      summary: 'x',
      people: [],
      paths: ['a/b.ts', 'a/b.ts'],
      weight: 1,
      subject: '',
    } as unknown as EvidenceItem;
    const linkFirst = { ...odd, link: 'https://example.com/abc' };
    const [back] = roundTrip([[odd, linkFirst]]);
    expect(JSON.stringify(back)).toBe(JSON.stringify([odd, linkFirst]));
  });
});
