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

/** An item with the keys every detector sets, in their order, numbered `n`; `extra` keys after them. */
const usual = (n: number, extra: object = {}) =>
  ({
    kind: 'review',
    signal: 'review.trailer',
    repo: '/r',
    commit: `c${n}`,
    date: '2026-01-0' + n,
    summary: `s${n}`,
    people: [`p${n}@example.com`],
    paths: ['a/'],
    weight: n,
    subject: `subject ${n}`,
    ...extra,
  }) as EvidenceItem;

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

  it('reads the items of every shape, interleaved, from the same columns', () => {
    const { summary: _, ...noSummary } = usual(3);
    const list = [
      usual(1, { figures: { lines: 1 } }),
      { ...noSummary, summary: 'last, not fifth' } as EvidenceItem,
      usual(2, { url: 'https://review.example.com/c/1' }),
      noSummary as EvidenceItem,
      usual(4),
    ];
    const [back] = roundTrip([list]);
    expect(JSON.stringify(back)).toBe(JSON.stringify(list));
  });

  it('refuses a list whose columns do not fit its items, or that names a shape, string or list the table lacks', () => {
    const encoder = new EvidenceEncoder();
    const list = encoder.encode([usual(1), usual(2)]);
    const table = encoder.finish();
    expect(decodeEvidence(list, table)).toHaveLength(2);
    const short = { ...list, columns: { ...list.columns, summary: ['s1'] } };
    const long = { ...list, columns: { ...list.columns, weight: [1, 1, 1] } };
    const foreign = { ...list, columns: { ...list.columns, extra: [1] } };
    const noShape = { ...list, shapes: [0, 7] };
    const noString = { ...list, columns: { ...list.columns, signal: [0, 999] } };
    const noList = { ...list, columns: { ...list.columns, people: [0, 999] } };
    for (const bad of [short, long, foreign, noShape, noString, noList]) expect(() => decodeEvidence(bad, table)).toThrow();
  });
});
