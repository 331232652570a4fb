import * as vscode from 'vscode';
import { NOTE_FILES, isNoteFile } from '../core/notes/noteFiles';
import { CONFIG_SECTION } from './commands';
import type { Ledger } from './ledger';

/**
 * Tells the panel what it shows may be out of date: HEAD moved, a note or the framework changed, the settings or the
 * workspace folders changed, or the workspace was trusted. A settings change is read into the ledger first.
 */
export function watchWorkspace(ledger: Ledger, markStale: () => void): vscode.Disposable {
  const files = new FileWatchers(ledger, markStale);
  return vscode.Disposable.from(
    files,
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration(CONFIG_SECTION)) return;
      ledger.reloadConfig();
      files.reset();
      markStale();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      files.reset();
      markStale();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => markStale()),
  );
}

/** Refreshes when HEAD moves or a note, a statement, the profile or the framework changes, debounced so a rebase is one refresh. */
class FileWatchers implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly onChange: () => void,
  ) {
    this.reset();
  }

  reset(): void {
    this.disposeWatchers();
    const fire = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onChange, 400);
    };
    const watch = (pattern: vscode.GlobPattern) => {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      this.watchers.push(w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire));
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      watch(new vscode.RelativePattern(folder, '.git/{HEAD,packed-refs,refs/heads/**}'));
    }
    const notes = this.ledger.notesDir();
    if (!notes) return;
    watch(new vscode.RelativePattern(vscode.Uri.file(notes), NOTE_FILES));
    // A note saved in this editor is also taken from the save itself: a file watcher can drop or delay events (a
    // busy machine, a network drive, the system's watch limit), and the person has just pressed Save.
    this.watchers.push(
      vscode.workspace.onDidSaveTextDocument(doc => {
        if (doc.uri.scheme === 'file' && isNoteFile(notes, doc.uri.fsPath)) fire();
      }),
    );
  }

  private disposeWatchers(): void {
    this.watchers.forEach(w => w.dispose());
    this.watchers = [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposeWatchers();
  }
}
