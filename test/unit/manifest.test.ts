import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, VIEW_ID } from '../../src/extension/commands';
import { DEFAULTS } from '../../src/extension/settings';
import { resolvePeriod, toAnalysisView, ITEMS_PER_EXPECTATION, PEOPLE_SHOWN } from '../../src/extension/viewModel';
import { PERIOD_PRESETS, parseFromWebview } from '../../src/protocol/messages';
import { analyze } from '../../src/core/analyze';
import { buildKnownHistory } from './helpers/knownHistory';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

describe('extension manifest', () => {
  it('declares exactly the commands the code registers, each in the Growth category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(declared).toEqual(
      Object.values(COMMANDS)
        .map(c => c.id)
        .sort(),
    );
    for (const c of manifest.contributes.commands) expect(c.category).toBe('Growth');
  });

  it('declares every setting the typed reader knows, with the same defaults', () => {
    const props = manifest.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(
      Object.keys(DEFAULTS)
        .map(k => `growthLedger.${k}`)
        .sort(),
    );
    for (const [key, value] of Object.entries(DEFAULTS)) {
      expect(props[`growthLedger.${key}`].default, key).toEqual(value);
      expect(props[`growthLedger.${key}`].description ?? props[`growthLedger.${key}`].markdownDescription, key).toBeTruthy();
    }
  });

  it('offers the same period presets in the setting as in the panel and the Set Period command', () => {
    expect(manifest.contributes.configuration.properties['growthLedger.period'].enum).toEqual([...PERIOD_PRESETS]);
  });

  it('activates lazily and targets the VS Code the tests run', () => {
    expect(manifest.activationEvents).toEqual([]);
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.contributes.views.growthLedger[0].id).toBe(VIEW_ID);
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
  });
});

describe('panel protocol and view model', () => {
  it('drops malformed messages from the webview', () => {
    expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseFromWebview({ type: 'setPeriod', preset: '6m' })).toEqual({ type: 'setPeriod', preset: '6m' });
    expect(parseFromWebview({ type: 'setPeriod', preset: '5y' })).toBeUndefined();
    expect(parseFromWebview({ type: 'openCommit', repo: '/r', commit: 'abc1234' })).toEqual({ type: 'openCommit', repo: '/r', commit: 'abc1234' });
    expect(parseFromWebview({ type: 'openCommit', repo: '/r', commit: '--exec=evil' })).toBeUndefined();
    expect(parseFromWebview({ type: 'runShell', cmd: 'rm' })).toBeUndefined();
    expect(parseFromWebview('ready')).toBeUndefined();
    expect(parseFromWebview(null)).toBeUndefined();
  });

  it('accepts curating and statements only for ids that can name a file and an item', () => {
    const sha = 'a'.repeat(40);
    expect(parseFromWebview({ type: 'curateEvidence', expectation: 'mid.review', commit: sha, action: 'pin' })).toEqual({
      type: 'curateEvidence',
      expectation: 'mid.review',
      commit: sha,
      action: 'pin',
    });
    expect(parseFromWebview({ type: 'curateEvidence', expectation: 'mid.review', commit: '2025-07-20-led-the-migration', action: 'hide' })).toMatchObject({
      action: 'hide',
    });
    expect(parseFromWebview({ type: 'curateEvidence', expectation: 'mid.review', commit: sha, action: 'delete' })).toBeUndefined();
    expect(parseFromWebview({ type: 'curateEvidence', expectation: '..', commit: sha, action: 'pin' })).toBeUndefined();
    expect(parseFromWebview({ type: 'curateEvidence', expectation: 'mid.review', commit: '../../x', action: 'pin' })).toBeUndefined();
    expect(parseFromWebview({ type: 'writeStatement', expectation: 'senior.ownership' })).toEqual({ type: 'writeStatement', expectation: 'senior.ownership' });
    expect(parseFromWebview({ type: 'writeStatement', expectation: '../evil' })).toBeUndefined();
    expect(parseFromWebview({ type: 'copySelfReview' })).toEqual({ type: 'copySelfReview' });
  });

  it('turns presets into periods', () => {
    const now = new Date(2026, 10, 22);
    expect(resolvePeriod('12m', { since: '', until: '' }, now)).toMatchObject({ since: '2025-11-22', until: null, label: 'Last 12 months' });
    expect(resolvePeriod('ytd', { since: '', until: '' }, now)).toMatchObject({ since: '2026-01-01', until: null });
    expect(resolvePeriod('all', { since: '', until: '' }, now)).toMatchObject({ since: null, until: null });
    expect(resolvePeriod('custom', { since: '2026-01-01', until: '2026-06-30' }, now)).toMatchObject({
      since: '2026-01-01',
      until: '2026-06-30',
      label: '2026-01-01 to 2026-06-30',
    });
  });

  it('sends the panel a trimmed view with the full counts', async () => {
    const a = await analyze({ repos: [buildKnownHistory().dir], since: '2025-01-01' });
    const view = toAnalysisView(a, true);
    expect(view.totals).toEqual(a.totals);
    for (const e of view.expectations) {
      const full = a.expectations.find(x => x.id === e.id)!;
      expect(e.evidence).toBe(full.evidence);
      expect(e.items.length).toBe(Math.min(full.items.length, ITEMS_PER_EXPECTATION));
      expect(e.items.length + e.moreItems).toBe(full.items.length);
    }
    expect(view.mentoredTotal).toBe(a.mentoring.people.length);
    expect(view.mentored).toEqual(a.mentoring.people.slice(0, PEOPLE_SHOWN));
    // A long history can credit thousands of people: the panel gets the most mentored and the count.
    const people = Array.from({ length: PEOPLE_SHOWN + 15 }, (_, i) => ({ name: `P${i}`, email: `p${i}@example.com`, commits: 100 - i }));
    const crowded = toAnalysisView({ ...a, mentoring: { ...a.mentoring, people } }, true);
    expect(crowded.mentored).toEqual(people.slice(0, PEOPLE_SHOWN));
    expect(crowded.mentoredTotal).toBe(PEOPLE_SHOWN + 15);
    expect(view.expectations.flatMap(e => e.items).every(i => i.hasWebLink)).toBe(true);
    expect(
      toAnalysisView(a, false)
        .expectations.flatMap(e => e.items)
        .some(i => i.hasWebLink),
    ).toBe(false);
  });
});
