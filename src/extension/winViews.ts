import * as vscode from 'vscode';
import { localDate, readNotes, type Note } from '../core/notes/notesStore';
import { COMMANDS, CONTEXT_KEYS } from './commands';
import type { Ledger } from './ledger';

export const WIN_LIST_VIEW_ID = 'growthLedger.winList';

/**
 * Every logged win on disk, newest first, whatever the review period: what the Win List shows and what the status bar
 * counts from. Only the wins folder is read (no git), when a win file changes, the settings change or an analysis ends.
 */
class WinsOnDisk implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  wins: Note[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private folder: string | undefined;

  constructor(private readonly ledger: Ledger) {
    this.disposables.push(
      this.changed,
      ledger.onDidChange(state => {
        if (state.phase !== 'scanning') void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('growthLedger.notesFolder')) void this.reload();
      }),
    );
    void this.reload();
  }

  private watch(notesDir: string | undefined): void {
    if (notesDir === this.folder) return;
    this.folder = notesDir;
    this.watcher?.dispose();
    this.watcher = notesDir ? vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(notesDir), 'wins/*.md')) : undefined;
    if (this.watcher) {
      const reload = () => void this.reload();
      this.watcher.onDidCreate(reload);
      this.watcher.onDidChange(reload);
      this.watcher.onDidDelete(reload);
    }
  }

  async reload(): Promise<void> {
    const notesDir = this.ledger.notesDir();
    this.watch(notesDir);
    // Wins that cannot be read are the panel's to report (with their line); here they are simply not listed.
    this.wins = notesDir ? (await readNotes(notesDir)).notes : [];
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasWin, this.wins.length > 0);
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.disposables.forEach(d => d.dispose());
  }
}

/** The Win List: all wins, newest first, to reread; Enter or a click opens the note. */
class WinList implements vscode.TreeDataProvider<Note> {
  readonly onDidChangeTreeData: vscode.Event<void>;
  constructor(private readonly wins: WinsOnDisk) {
    this.onDidChangeTreeData = wins.onDidChange;
  }

  getChildren(element?: Note): Note[] {
    return element ? [] : this.wins.wins;
  }

  getTreeItem(win: Note): vscode.TreeItem {
    const item = new vscode.TreeItem(win.title, vscode.TreeItemCollapsibleState.None);
    item.id = win.id;
    item.description = win.impact ? `${win.date} · ${win.impact}` : win.date;
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      [
        win.title,
        win.date,
        win.impact ? vscode.l10n.t('Impact: {0}', win.impact) : '',
        win.expectations.length ? vscode.l10n.t('Supports: {0}', win.expectations.join(', ')) : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon('star-full');
    item.resourceUri = vscode.Uri.file(win.file);
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Win'), arguments: [vscode.Uri.file(win.file)] };
    return item;
  }
}

/** Whole days from one local day (YYYY-MM-DD) to another. */
function daysBetween(from: string, to: string): number {
  const day = (d: string) => new Date(`${d}T12:00:00`).getTime();
  return Math.round((day(to) - day(from)) / 86_400_000);
}

export function sinceLastWin(last: string | undefined, today = localDate()): string {
  if (!last) return vscode.l10n.t('No wins logged yet');
  const days = daysBetween(last, today);
  if (days <= 0) return vscode.l10n.t('Last win today');
  if (days === 1) return vscode.l10n.t('Last win yesterday');
  return vscode.l10n.t('Last win {0} days ago', days);
}

/** The status-bar item: how long since the last logged win; a click logs one. Never pops anything up. */
class LastWinStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('growthLedger.lastWin', vscode.StatusBarAlignment.Left, 0);
  private readonly timer: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly wins: WinsOnDisk,
  ) {
    this.item.name = vscode.l10n.t('Growth Ledger: last win');
    this.item.command = COMMANDS.logWin.id;
    this.disposables.push(
      wins.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration(e => e.affectsConfiguration('growthLedger.lastWinStatusBar') && this.update()),
    );
    // "3 days ago" becomes "4 days ago" at midnight without anything else changing.
    this.timer = setInterval(() => this.update(), 3_600_000);
    this.update();
  }

  private update(): void {
    if (!this.ledger.settings.lastWinStatusBar || !this.ledger.notesDir()) {
      this.item.hide();
      return;
    }
    const last = this.wins.wins[0];
    this.item.text = `$(star-full) ${sinceLastWin(last?.date)}`;
    this.item.tooltip = last
      ? vscode.l10n.t('Your last logged win: {0} ({1}). Click to log a new one.', last.title, last.date)
      : vscode.l10n.t('Click to log your first win: what you achieved, and what changed because of it.');
    this.item.accessibilityInformation = { label: vscode.l10n.t('{0}. Log a win.', sinceLastWin(last?.date)) };

    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.disposables.forEach(d => d.dispose());
    this.item.dispose();
  }
}

/** The Win List view and the last-win status-bar item. */
export function registerWinViews(ledger: Ledger): vscode.Disposable {
  const wins = new WinsOnDisk(ledger);
  const status = new LastWinStatus(ledger, wins);
  return vscode.Disposable.from(wins, status, vscode.window.registerTreeDataProvider(WIN_LIST_VIEW_ID, new WinList(wins)));
}
