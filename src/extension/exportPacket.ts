import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { renderHtml } from '../core/packet/html';
import { renderMarkdown } from '../core/packet/markdown';
import { writeFileAtomic } from '../core/atomicWrite';
import { localDate } from '../core/notes/notesStore';
import type { Ledger } from './ledger';
import type { Log } from './log';

export type PacketFormat = 'md' | 'html';

/** "Growth: Export Promotion Packet": Markdown or HTML under <notes>/packets/, then opened. Returns the file. */
export async function exportPacket(ledger: Ledger, log: Log, formatArg?: unknown, options: { open?: boolean } = {}): Promise<string | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage('Open a folder first: packets are saved in the workspace.');
    return undefined;
  }
  let format: PacketFormat | undefined = formatArg === 'md' || formatArg === 'html' ? formatArg : undefined;
  if (!format) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(markdown) Markdown', description: 'for a doc or a wiki', format: 'md' as const },
        { label: '$(file-code) HTML', description: 'self-contained, prints cleanly to PDF', format: 'html' as const },
      ],
      { title: 'Export Promotion Packet', placeHolder: 'Choose a format' },
    );
    if (!choice) return undefined;
    format = choice.format;
  }
  const analysis = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Growth Ledger: preparing the packet', cancellable: true },
    async (_progress, token) => {
      token.onCancellationRequested(() => ledger.cancel());
      return ledger.ensureAnalysis();
    },
  );
  if (!analysis) {
    const message = ledger.current.message ?? 'There is nothing to export yet.';
    void vscode.window.showWarningMessage(`No packet written: ${message}`);
    return undefined;
  }
  const dir = path.join(notesDir, 'packets');
  const file = path.join(dir, `promotion-packet-${localDate()}.${format}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(file, format === 'html' ? renderHtml(analysis) : renderMarkdown(analysis));
  } catch (error) {
    log.error(`Could not write ${file}: ${String(error)}`);
    void vscode.window.showErrorMessage(`Could not write the packet to ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    return undefined;
  }
  log.info(`Exported ${file}`);
  if (options.open !== false) {
    const uri = vscode.Uri.file(file);
    if (format === 'md') await vscode.commands.executeCommand('markdown.showPreview', uri);
    else await vscode.window.showTextDocument(uri, { preview: false });
  }
  return file;
}
