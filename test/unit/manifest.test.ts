import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAT_PARTICIPANT_ID, COMMANDS, CONTEXT_KEYS, RANKED_EVIDENCE_TOOL, VIEW_ID } from '../../src/extension/commands';
import { DEFAULTS } from '../../src/extension/settings';
import { resolvePeriod, toAnalysisView, ITEMS_PER_EXPECTATION, PEOPLE_SHOWN } from '../../src/extension/viewModel';
import { PERIOD_PRESETS, parseFromWebview } from '../../src/protocol/messages';
import { analyze } from '../../src/core/analyze';
import { buildKnownHistory } from './helpers/knownHistory';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(__dirname, '../../package.nls.json'), 'utf8'));
/** A manifest string as VS Code shows it in English: `%key%` looked up in package.nls.json. */
const shown = (value: string): string => (/^%[^%]+%$/.test(value) ? (nls[value.slice(1, -1)] ?? `(missing ${value})`) : value);

describe('extension manifest', () => {
  it('declares exactly the commands the code registers, each in the Growth category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(declared).toEqual(
      Object.values(COMMANDS)
        .map(c => c.id)
        .sort(),
    );
    for (const c of manifest.contributes.commands) expect(shown(c.category)).toBe('Growth');
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
    }
  });

  it('explains every setting in Markdown with an example, and each period and cadence choice', () => {
    for (const [key, prop] of Object.entries<Record<string, unknown>>(manifest.contributes.configuration.properties)) {
      expect(prop.description, `${key}: markdownDescription only`).toBeUndefined();
      expect(shown(String(prop.markdownDescription)), key).toMatch(/for example/i);
      if (prop.enum) {
        const descriptions = (prop.enumDescriptions as string[]).map(shown);
        expect(descriptions.length, key).toBe((prop.enum as string[]).length);
        for (const d of descriptions) expect(d, key).not.toMatch(/^\(missing/);
      }
    }
    expect(manifest.contributes.configuration.properties['growthLedger.period'].enumDescriptions).toHaveLength(PERIOD_PRESETS.length);
  });

  it('checks each walkthrough step off when it is done, not merely started', () => {
    const known = new Set<string>(Object.values(CONTEXT_KEYS));
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      expect(step.completionEvents.length, step.id).toBeGreaterThan(0);
      // A command run counts even when its prompts are cancelled: the steps wait for what the command leaves behind.
      for (const event of step.completionEvents as string[]) {
        expect(event, step.id).not.toMatch(/^onCommand:/);
        if (event.startsWith('onContext:')) expect(known.has(event.slice('onContext:'.length)), event).toBe(true);
      }
    }
  });

  it('is ready for the Marketplace: icon, banner, categories, keywords and Q&A', () => {
    expect(manifest.icon).toBe('media/icon.png');
    const png = readFileSync(path.join(__dirname, '../..', manifest.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    expect(manifest.galleryBanner.color).toMatch(/^#[0-9A-F]{6}$/i);
    expect(['dark', 'light']).toContain(manifest.galleryBanner.theme);
    expect(manifest.categories).not.toEqual(['Other']);
    expect(manifest.keywords.length).toBeGreaterThanOrEqual(5);
    expect(manifest.keywords.length).toBeLessThanOrEqual(30);
    expect(manifest.qna).toBe('marketplace');
    // No made-up repository address: the project has no public home yet.
    expect(manifest.repository).toBeUndefined();
  });

  it('offers the same period presets in the setting as in the panel and the Set Period command', () => {
    expect(manifest.contributes.configuration.properties['growthLedger.period'].enum).toEqual([...PERIOD_PRESETS]);
  });

  it('contributes the @growth chat participant with /evidence and /draft, and the ranked-evidence tool', () => {
    expect(manifest.contributes.chatParticipants).toHaveLength(1);
    const participant = manifest.contributes.chatParticipants[0];
    expect(participant).toMatchObject({ id: CHAT_PARTICIPANT_ID, name: 'growth', fullName: '%chat.growth.fullName%' });
    expect(participant.commands.map((c: { name: string }) => c.name)).toEqual(['evidence', 'draft']);
    for (const c of participant.commands) expect(c.description).toBeTruthy();
    expect(manifest.contributes.languageModelTools).toHaveLength(1);
    const tool = manifest.contributes.languageModelTools[0];
    expect(tool).toMatchObject({ name: RANKED_EVIDENCE_TOOL, toolReferenceName: 'rankedEvidence', canBeReferencedInPrompt: true });
    // A tool name the model sees: letters, digits, underscores and dashes only.
    expect(tool.name).toMatch(/^[\w-]+$/);
    for (const key of ['displayName', 'userDescription', 'modelDescription']) expect(tool[key], key).toBeTruthy();
    expect(tool.tags.length).toBeGreaterThan(0);
    expect(tool.inputSchema).toMatchObject({ type: 'object', properties: { expectation: { type: 'string' }, limit: { type: 'number' } } });
    expect(tool.inputSchema.required ?? []).toEqual([]);
    // The commands the chat view's buttons run, and the panel's, exist; the save command is never in the palette.
    const hidden = manifest.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    expect(hidden).toContain(COMMANDS.saveStatementDraft.id);
    expect(hidden).not.toContain(COMMANDS.draftStatement.id);
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
    expect(parseFromWebview({ type: 'draftStatement', expectation: 'mid.review' })).toEqual({ type: 'draftStatement', expectation: 'mid.review' });
    expect(parseFromWebview({ type: 'draftStatement', expectation: '../evil' })).toBeUndefined();
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

describe('packaged README', () => {
  it('inlines the README images as PNG data URIs and refuses what a package cannot show', async () => {
    // @ts-expect-error: a plain ES module script, without types
    const { inlineReadmeImages } = await import('../../scripts/packageReadme.mjs');
    const root = path.join(__dirname, '../..');
    const { text, images } = inlineReadmeImages(readFileSync(path.join(root, 'README.md'), 'utf8'), root);
    expect(images.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/src="(?!data:image\/png;base64,)/);
    expect(() => inlineReadmeImages('<img src="media/icon.svg">', root)).toThrow(/not a PNG/);
    expect(() => inlineReadmeImages('![x](docs/images/none.png)', root)).toThrow(/does not exist/);
    expect(() => inlineReadmeImages('![x](https://example.com/x.png)', root)).toThrow(/remote/);
    expect(() => inlineReadmeImages('see [the design](docs/DESIGN.md)', root)).toThrow(/does not carry/);
  });
});
