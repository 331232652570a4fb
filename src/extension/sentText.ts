import * as vscode from 'vscode';

export const SENT_TEXT_SCHEME = 'growth-ledger-sent';

/**
 * Read-only documents holding exactly the text a language-model request would send, for the person to read before
 * agreeing. Served from memory; nothing is written to disk.
 */
export class SentTextProvider implements vscode.TextDocumentContentProvider {
  private static readonly texts = new Map<string, string>();
  private static readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = SentTextProvider.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return SentTextProvider.texts.get(uri.path) ?? '';
  }

  /** Opens `text` beside the editor as a read-only document titled `name`. */
  static async show(name: string, text: string): Promise<void> {
    const key = `/${name.replace(/[^\w.-]+/g, '-')}.txt`;
    const uri = vscode.Uri.from({ scheme: SENT_TEXT_SCHEME, path: key });
    SentTextProvider.texts.set(key, text);
    // An open document of the same name shows the new text, not what an earlier request would have sent.
    SentTextProvider.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}
