// Runs inside the real extension host (code-server, or desktop VS Code via @vscode/test-electron).
// The workspace is the sample repository made by scripts/makeSampleRepo.mjs, where "me" is Alex Rivera.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis } from '../../src/core/analyze';
import type { Note } from '../../src/core/notes/notesStore';
import type { GrowthLedgerApi } from '../../src/extension/extension';
import type { ImportOutcome } from '../../src/core/imports/reviews';

const EXT_ID = 'growth-ledger.growth-ledger';
const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const growth = (...p: string[]) => path.join(root(), '.growth', ...p);

async function api(): Promise<GrowthLedgerApi> {
  const ext = vscode.extensions.getExtension<GrowthLedgerApi>(EXT_ID);
  assert.ok(ext, 'extension not found');
  return ext.activate();
}

async function until<T>(check: () => T | Promise<T>, what: string, ms = 20000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** What a multi-file diff tab holds (the API has no type for it in VS Code 1.100): the first file's modified side. */
function firstModified(input: unknown): vscode.Uri | undefined {
  const multi = input as { textDiffs?: { modified: vscode.Uri }[] } | undefined;
  return multi && multi.textDiffs ? multi.textDiffs[0]!.modified : undefined;
}

suite('Growth Ledger in a real extension host', function () {
  this.timeout(60000);

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('growthLedger').update('period', 'all', vscode.ConfigurationTarget.Global);
  });

  test('activation is cheap: nothing analysed until asked', async () => {
    const { ledger } = await api();
    assert.strictEqual(ledger.lastAnalysis, undefined, 'activate() must not run git');
    const commands = await vscode.commands.getCommands(true);
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    for (const c of pkg.contributes.commands) assert.ok(commands.includes(c.command), `${c.command} registered`);
  });

  test('Refresh analyses the workspace repository', async () => {
    const { ledger } = await api();
    await vscode.commands.executeCommand('growthLedger.refresh');
    const a = ledger.lastAnalysis;
    assert.ok(a, 'an analysis after refresh');
    assert.strictEqual(ledger.current.phase, 'ready');
    assert.deepStrictEqual(
      a.repos.map(r => r.path),
      [root()],
    );
    assert.ok(a.identity.emails.includes('alex.rivera@example.com'), JSON.stringify(a.identity));
    assert.ok(a.totals.commitsAuthored > 10, `commits authored: ${a.totals.commitsAuthored}`);
    assert.ok(Object.values(a.reviews.byTrailer).reduce((x, y) => x + y, 0) > 3, 'reviews by trailer');
    assert.ok(a.mentoring.people.length >= 2, 'people mentored');
    assert.ok(
      a.ownership.some(o => o.mainDeveloper),
      'an area I mainly built',
    );
    assert.ok(a.expectations.some(e => e.status === 'demonstrated'));
    assert.ok(
      a.expectations.filter(e => e.status !== 'demonstrated').every(e => e.nextStep),
      'a next step for every gap',
    );
    const view = ledger.current.analysis;
    assert.ok(view, 'the panel state has the analysis');
    assert.strictEqual(view.totals.commitsAuthored, a.totals.commitsAuthored);
  });

  test('Log a Win writes a note, keeps it out of git, and the panel state shows it', async () => {
    const { ledger } = await api();
    const a = ledger.lastAnalysis || (await ledger.refresh());
    const delivery = a?.evidence.find(e => e.kind === 'delivery');
    assert.ok(delivery, 'a delivery item to cite');
    const sha = delivery.commit;
    const note = await vscode.commands.executeCommand<Note | undefined>('growthLedger.logWin', {
      title: 'Led the billing migration',
      impact: 'Zero downtime',
      expectations: ['senior.delivery', 'senior.negotiation'],
      commits: [sha],
    });
    assert.ok(note && fs.existsSync(note.file), 'note file written');
    assert.strictEqual(path.dirname(note.file), growth('wins'));
    const text = fs.readFileSync(note.file, 'utf8');
    assert.match(text, /^---\nid: \d{4}-\d{2}-\d{2}-led-the-billing-migration\n/);
    assert.match(text, /expectations:\n  - senior\.delivery\n  - senior\.negotiation\n/);
    assert.ok(text.includes(sha));
    const exclude = fs.readFileSync(path.join(root(), '.git', 'info', 'exclude'), 'utf8');
    assert.match(exclude, /^\/\.growth\/$/m);
    await until(() => ledger.current.analysis && ledger.current.analysis.wins.some(w => w.file === note.file), 'the win in the panel state');
    const negotiation = ledger.current.analysis!.expectations.find(e => e.id === 'senior.negotiation');
    assert.ok(negotiation, 'the senior.negotiation expectation');
    assert.strictEqual(negotiation.status, 'demonstrated', 'a logged win demonstrates what git cannot see');
  });

  test('Export Promotion Packet writes Markdown and HTML under .growth/packets', async () => {
    const md = await vscode.commands.executeCommand<string | undefined>('growthLedger.exportPacket', 'md', { open: false });
    assert.ok(md && md.startsWith(growth('packets', 'promotion-packet-')) && md.endsWith('.md'), md);
    const text = fs.readFileSync(md, 'utf8');
    for (const heading of [
      '## Summary',
      '## Mid-level expectations',
      '## Senior expectations',
      '## Ownership',
      '## Reviews given',
      '## Mentoring',
      '## Logged wins',
      '## Gaps and next steps',
    ]) {
      assert.ok(text.includes(heading), heading);
    }
    assert.match(text, /https:\/\/github\.com\/acme\/payments\/commit\/[0-9a-f]{40}/);
    const html = await vscode.commands.executeCommand<string | undefined>('growthLedger.exportPacket', 'html', { open: false });
    assert.ok(html, 'an HTML packet');
    assert.match(fs.readFileSync(html, 'utf8'), /^<!DOCTYPE html>[\s\S]*Led the billing migration/);
    // Opened: Markdown goes to the preview.
    await vscode.commands.executeCommand('growthLedger.exportPacket', 'md');
  });

  test('Set Review Period changes the period and the analysis follows', async () => {
    const { ledger } = await api();
    assert.ok(ledger.lastAnalysis, 'an analysis of all history');
    const all = ledger.lastAnalysis.totals.commitsAuthored;
    await vscode.commands.executeCommand('growthLedger.setPeriod', '3m');
    await until(() => ledger.current.period.preset === '3m', 'the period in the state');
    assert.strictEqual(vscode.workspace.getConfiguration('growthLedger').get('period'), '3m');
    assert.ok(!fs.existsSync(path.join(root(), '.vscode', 'settings.json')), 'a personal preference does not touch the repository');
    const a = await ledger.refresh();
    assert.ok(a, 'an analysis of the last 3 months');
    assert.ok(a.period.since, 'a since date');
    assert.ok(a.totals.commitsAuthored < all, `3 months (${a.totals.commitsAuthored}) < all (${all})`);
    await vscode.commands.executeCommand('growthLedger.setPeriod', 'all');
    await until(() => ledger.current.period.preset === 'all', 'back to all history');
  });

  test('Add Email Alias makes another address count as mine', async () => {
    const { ledger } = await api();
    await vscode.commands.executeCommand('growthLedger.addAlias', 'Priya.Shah@example.com');
    assert.deepStrictEqual(vscode.workspace.getConfiguration('growthLedger').get('identities'), ['Priya.Shah@example.com']);
    const a = await ledger.refresh();
    assert.ok(a, 'an analysis with the alias');
    assert.ok(a.identity.emails.includes('priya.shah@example.com'), JSON.stringify(a.identity.emails));
    await vscode.workspace.getConfiguration('growthLedger').update('identities', undefined, vscode.ConfigurationTarget.Global);
  });

  test('Import Reviews stores what gh wrote, links it to the commit that landed it, and counts it once', async () => {
    const { ledger } = await api();
    const a = await ledger.refresh();
    assert.ok(a, 'an analysis');
    const merge = a.evidence.find(e => e.signal === 'review.merge' && /^Merge pull request #131 /.test(e.subject));
    assert.ok(merge, 'the sample repository merges pull request #131');
    const importReviews = (f: string) => vscode.commands.executeCommand<ImportOutcome | undefined>('growthLedger.importReviews', f);
    // As `gh search prs --json number,title,url,author,repository,closedAt,state` writes it.
    const entry = (number: number, title: string, login: string, state: string) => ({
      author: { id: 'MDQ6VXNlcjE3', is_bot: false, login, type: 'User', url: `https://github.com/${login}` },
      closedAt: `${merge.date}T12:00:00Z`,
      number,
      repository: { name: 'payments', nameWithOwner: 'acme/payments' },
      state,
      title,
      url: `https://github.com/acme/payments/pull/${number}`,
    });
    const file = path.join(os.tmpdir(), `growth-ledger-reviews-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify([entry(131, 'Facet counts in search results', 'jonas-weber', 'merged'), entry(9001, 'Spike a new index', 'priya-shah', 'closed')]) + '\n',
    );
    try {
      const outcome = await importReviews(file);
      assert.ok(outcome, 'an import');
      assert.deepStrictEqual([outcome.imported, outcome.linked, outcome.known, outcome.mine], [2, 1, 0, 0]);
      assert.strictEqual(path.dirname(outcome.file ?? ''), growth('imports'));
      const b = await until(() => (ledger.lastAnalysis?.reviews.imported === 2 ? ledger.lastAnalysis : undefined), 'the imported reviews in the analysis');
      const linked = b.evidence.find(e => e.signal === 'review.imported' && e.url === 'https://github.com/acme/payments/pull/131');
      assert.strictEqual(linked?.commit, merge.commit);
      // The merge is already a review of mine: the same commit counts once, the unlanded request once more.
      const before = a.expectations.find(e => e.id === 'mid.review')!.evidence;
      assert.strictEqual(b.expectations.find(e => e.id === 'mid.review')!.evidence, before + 1);
      const again = await importReviews(file);
      assert.deepStrictEqual([again?.imported, again?.known, again?.file], [0, 2, undefined]);
      fs.writeFileSync(file, '[{"number": 5}]');
      assert.strictEqual(await importReviews(file), undefined, 'a bad file imports nothing');
      assert.deepStrictEqual(fs.readdirSync(growth('imports')), [path.basename(outcome.file ?? '')]);
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(growth('imports'), { recursive: true, force: true });
    }
  });

  test('Customize Framework writes an editable copy; a broken edit is reported with its line', async () => {
    const { ledger } = await api();
    const file = await vscode.commands.executeCommand<string | undefined>('growthLedger.customizeFramework');
    assert.strictEqual(file, growth('framework.yaml'));
    const original = fs.readFileSync(file, 'utf8');
    assert.match(original, /^# Growth Ledger framework/);
    fs.writeFileSync(file, original.replace('- review.trailer', '- review.trailerz'));
    try {
      const a = await ledger.refresh();
      assert.ok(a, 'an analysis with the broken framework');
      const problem = a.problems.find(p => p.file === file);
      assert.ok(problem, 'the framework problem is reported');
      assert.match(problem.message, /framework\.yaml:\d+: expectations\[\d+\]\.signals\[0\]: unknown signal "review\.trailerz"/);
      assert.strictEqual(a.framework.source, 'built-in', 'falls back to the built-in framework');
    } finally {
      fs.writeFileSync(file, original);
    }
    const again = await ledger.refresh();
    assert.ok(again, 'an analysis with the repaired framework');
    assert.strictEqual(again.framework.source, file);
  });

  test('Opening a commit shows its diff in the editor', async () => {
    const { ledger } = await api();
    const a = ledger.lastAnalysis;
    assert.ok(a, 'an analysis to open a commit from');
    const item = a.evidence.find(e => e.kind === 'diagnostics') || a.evidence.find(e => e.repo);
    assert.ok(item, 'an item with a commit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('growthLedger.openCommit', item.repo, item.commit);
    const tab = await until(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'an editor tab');
    assert.ok(tab.label.startsWith(item.commit.slice(0, 7)), tab.label);
    // The diff shows the file as it was after the commit, served from git.
    const input = tab.input;
    const after = input instanceof vscode.TabInputTextDiff ? input.modified : firstModified(input);
    assert.ok(after, `a diff tab (${tab.input && (tab.input as object).constructor.name})`);
    const doc = await vscode.workspace.openTextDocument(after);
    assert.ok(doc.getText().length > 0, `content of ${after.toString()}`);
    // Unknown repositories and malformed ids are ignored.
    await vscode.commands.executeCommand('growthLedger.openCommit', '/etc', item.commit);
    await vscode.commands.executeCommand('growthLedger.openCommit', item.repo, '--output=/tmp/x');
  });

  test('Open Notes Folder, Show Log and the panel focus command run', async () => {
    await vscode.commands.executeCommand('growthLedger.openNotesFolder');
    assert.ok(fs.existsSync(growth('wins')));
    await vscode.commands.executeCommand('growthLedger.showLog');
    await vscode.commands.executeCommand('growthLedger.panel.focus');
  });

  test('refreshes by itself when HEAD moves while the panel is open', async () => {
    const { ledger } = await api();
    await vscode.commands.executeCommand('growthLedger.panel.focus');
    const analysed = ledger.lastAnalysis || (await ledger.refresh());
    assert.ok(analysed, 'an analysis before the commit');
    const before = analysed.repos[0]!.head;
    const env = { ...process.env, GIT_AUTHOR_DATE: '2026-11-20T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-20T10:00:00Z' };
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'Empty commit to move HEAD'], { cwd: root(), env });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root(), encoding: 'utf8' }).trim();
    assert.notStrictEqual(head, before);
    await until(() => ledger.lastAnalysis && ledger.lastAnalysis.repos[0]!.head === head, 'an automatic refresh after the commit');
  });

  test('a scan can be cancelled and leaves the last result in place', async () => {
    const { ledger } = await api();
    const previous = ledger.lastAnalysis || (await ledger.refresh());
    const scan = ledger.refresh();
    ledger.cancel();
    assert.strictEqual(await scan, undefined);
    assert.strictEqual(ledger.current.phase, 'ready');
    assert.strictEqual(ledger.lastAnalysis, previous);
    assert.ok(ledger.current.analysis, 'the panel keeps showing the last analysis');
  });

  test('a refresh that a newer one replaces resolves with the newer analysis', async () => {
    const { ledger } = await api();
    const first = ledger.refresh();
    const second = ledger.refresh();
    const [a, b]: (Analysis | undefined)[] = await Promise.all([first, second]);
    assert.ok(b, 'the newer refresh analysed');
    assert.strictEqual(a, b, 'the replaced refresh answers with the newer result, not undefined');
    assert.strictEqual(ledger.lastAnalysis, b);
    assert.strictEqual(ledger.current.phase, 'ready');
  });

  test('a broken note is reported and left untouched', async () => {
    const { ledger } = await api();
    const file = growth('wins', '2020-01-01-hand-edited.md');
    const content = '---\ntitle: [unclosed\n---\nmy words\n';
    fs.writeFileSync(file, content);
    try {
      const a = await ledger.refresh();
      assert.ok(a, 'an analysis with the broken note');
      const problem = a.problems.find(p => p.file === file);
      assert.ok(problem, JSON.stringify(a.problems));
      assert.match(problem.message, /2020-01-01-hand-edited\.md:\d+: invalid YAML/);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), content);
    } finally {
      fs.unlinkSync(file);
    }
  });
});
