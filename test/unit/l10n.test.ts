import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const manifest = read('package.json');
const nls: Record<string, string> = read('package.nls.json');

/** Every `%key%` string anywhere in the manifest. */
function manifestKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (m) into.add(m[1]!);
  } else if (Array.isArray(value)) value.forEach(v => manifestKeys(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach(v => manifestKeys(v, into));
  return into;
}

describe('localisation', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'gl-l10n-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has every %key% of package.json in package.nls.json, and no key there that nothing uses', () => {
    const used = manifestKeys(manifest);
    for (const key of used) expect(nls[key], key).toEqual(expect.any(String));
    expect(Object.keys(nls).filter(k => !used.has(k))).toEqual([]);
  });

  it('localises every title, description and setting text the manifest shows', () => {
    const c = manifest.contributes;
    const texts: [string, unknown][] = [
      ['displayName', manifest.displayName],
      ['description', manifest.description],
      ...c.commands.flatMap((x: { command: string; title: string; category: string }) => [
        [x.command, x.title],
        [x.command, x.category],
      ]),
      ...c.viewsContainers.activitybar.map((x: { title: string }) => ['view container', x.title]),
      ...c.views.growthLedger.flatMap((x: { id: string; name: string; contextualTitle?: string }) => [
        [x.id, x.name],
        [x.id, x.contextualTitle],
      ]),
      ['configuration', c.configuration.title],
      ...Object.entries<{ markdownDescription?: string; enumDescriptions?: string[] }>(c.configuration.properties).flatMap(([k, p]) => [
        [k, p.markdownDescription],
        ...(p.enumDescriptions ?? []).map(d => [k, d] as [string, unknown]),
      ]),
      ...c.walkthroughs.flatMap((w: { title: string; description: string; steps: { id: string; title: string; description: string }[] }) => [
        ['walkthrough', w.title],
        ['walkthrough', w.description],
        ...w.steps.flatMap(s => [
          [s.id, s.title],
          [s.id, s.description],
        ]),
      ]),
      ...c.viewsWelcome.map((v: { view: string; contents: string }) => [v.view, v.contents]),
      // What the chat view and the tool picker show a person; the tool's modelDescription is for the model and stays English.
      ...c.chatParticipants.flatMap((p: { id: string; fullName: string; description: string; commands: { name: string; description: string }[] }) => [
        [p.id, p.fullName],
        [p.id, p.description],
        ...p.commands.map(x => [`${p.id}/${x.name}`, x.description] as [string, unknown]),
      ]),
      ...c.languageModelTools.flatMap((t: { name: string; displayName: string; userDescription: string }) => [
        [t.name, t.displayName],
        [t.name, t.userDescription],
      ]),
      ['untrusted', manifest.capabilities.untrustedWorkspaces.description],
    ];
    for (const [where, text] of texts) if (text !== undefined) expect(text, where).toMatch(/^%[^%]+%$/);
  });

  it('keeps l10n/bundle.l10n.json equal to what the extension and the panel ask to translate (npm run l10n)', () => {
    expect(manifest.l10n).toBe('./l10n');
    const cli = path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js');
    execFileSync(process.execPath, [cli, 'export', '--outDir', out, path.join(root, 'src'), path.join(root, 'webview')], { stdio: 'pipe' });
    const fresh: Record<string, string> = JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    const committed: Record<string, string> = read('l10n/bundle.l10n.json');
    expect(
      Object.keys(fresh).filter(k => !(k in committed)),
      'strings missing from the bundle: run npm run l10n',
    ).toEqual([]);
    expect(
      Object.keys(committed).filter(k => !(k in fresh)),
      'strings in the bundle that nothing asks for: run npm run l10n',
    ).toEqual([]);
    // Sanity: the export saw both sides (a message box of the extension and a heading of the panel).
    expect(committed['Logged win: {0}']).toBe('Logged win: {0}');
    expect(committed['Reviews given']).toBe('Reviews given');
  });

  it('translates only through vscode.l10n in the extension and @vscode/l10n in the shared and panel code', () => {
    // The core and the scan worker stay free of VS Code: their words are data (the packet, the CLI, next steps).
    const grep = (dir: string) => {
      try {
        return execFileSync('git', ['grep', '-l', 'l10n', '--', dir], { cwd: root, encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    };
    expect(grep('src/core')).toBe('');
    expect(grep('src/cli')).toBe('');
  });
});

describe('labels shared with the panel', () => {
  it('come from the bundle once it is loaded (the panel and the extension host load the same one)', async () => {
    const l10n = await import('@vscode/l10n');
    const { periodPresetLabel } = await import('../../src/protocol/messages');
    const { trackLabel } = await import('../../src/extension/viewModel');
    expect(periodPresetLabel('3m')).toBe('Last 3 months');
    l10n.config({ contents: { 'Last 3 months': 'Letzte 3 Monate', 'People manager': 'Führungskraft' } });
    expect(periodPresetLabel('3m')).toBe('Letzte 3 Monate');
    expect(trackLabel('manager')).toBe('Führungskraft');
    expect(periodPresetLabel('6m')).toBe('Last 6 months'); // untranslated strings fall back to the English text
  });
});
