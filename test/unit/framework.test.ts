import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMEWORK } from '../../src/core/framework/defaultFramework';
import { frameworkToYaml, parseFramework } from '../../src/core/framework/loader';
import { SIGNALS } from '../../src/core/model';

describe('framework', () => {
  it('has mid-level and senior expectations, each with advice, using only known signals', () => {
    const ids = DEFAULT_FRAMEWORK.expectations.map(e => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const level of ['mid', 'senior']) expect(DEFAULT_FRAMEWORK.expectations.filter(e => e.level === level).length).toBeGreaterThanOrEqual(7);
    for (const e of DEFAULT_FRAMEWORK.expectations) {
      expect(e.nextStep.length, e.id).toBeGreaterThan(20);
      for (const s of e.signals) expect(Object.keys(SIGNALS)).toContain(s);
      expect(e.gitVisible, e.id).toBe(e.signals.length > 0);
      expect(DEFAULT_FRAMEWORK.areas.map(a => a.id)).toContain(e.area);
    }
    // Honest about what git cannot see.
    expect(DEFAULT_FRAMEWORK.expectations.filter(e => !e.gitVisible).every(e => /git cannot see/i.test(e.nextStep))).toBe(true);
  });

  it('round-trips through the editable YAML file', () => {
    const yaml = frameworkToYaml(DEFAULT_FRAMEWORK);
    expect(yaml).toMatch(/^# Growth Ledger framework/);
    const parsed = parseFramework(yaml, '/ws/.growth/framework.yaml');
    expect({ ...parsed, source: 'built-in' }).toEqual(DEFAULT_FRAMEWORK);
  });

  it('names the file, line and field of every mistake', () => {
    const base = frameworkToYaml(DEFAULT_FRAMEWORK);
    const cases: [string, RegExp][] = [
      [base.replace('- review.trailer', '- review.trailers'), /framework\.yaml:\d+: expectations\[3\]\.signals\[0\]: unknown signal "review\.trailers"/],
      [base.replace('level: senior', 'level: staff'), /framework\.yaml:\d+: expectations\[8\]\.level: must be one of mid, senior/],
      [base.replace('demonstratedAt: 5', 'demonstratedAt: 0'), /expectations\[3\]\.demonstratedAt: must be a whole number of at least 1/],
      [base.replace('id: mid.delivery', 'id: mid.ownership'), /expectations\[1\]\.id: duplicate expectation id "mid\.ownership"/],
      [base.replace('area: review', 'area: nowhere'), /expectations\[3\]\.area: unknown area "nowhere"/],
      ['name: x\nareas: [\n', /framework\.yaml:\d+: invalid YAML/],
      ['- just a list\n', /framework\.yaml:1: expected a mapping/],
    ];
    for (const [text, message] of cases) expect(() => parseFramework(text, '/ws/.growth/framework.yaml')).toThrow(message);
    // The line points at the offending value.
    const lines = base.replace('- review.trailer', '- review.trailers').split('\n');
    const line = lines.findIndex(l => l.includes('review.trailers')) + 1;
    expect(() => parseFramework(lines.join('\n'), 'f.yaml')).toThrow(new RegExp(`^f\\.yaml:${line}:`));
  });
});
