import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { renderHtml } from '../core/packet/html';
import { renderMarkdown } from '../core/packet/markdown';
import { writeFileAtomic } from '../core/atomicWrite';
import { localDate } from '../core/notes/notesStore';
import { CONTEXT_KEYS } from './commands';
import type { Ledger } from './ledger';

import type { Log } from './log';

export type PacketFormat = 'md' | 'html';

/** "Growth: Export Promotion Packet": Markdown or HTML under <notes>/packets/, then opened. Returns the file. */
export async function exportPacket(ledger: Ledger, log: Log, formatArg?: unknown, options: { open?: boolean } = {}): Promise<string | undefined> {
  const notesDir = ledger.notesDir();
  if (!notesDir) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: packets are saved in the workspace.'));
    return undefined;
  }
  let format: PacketFormat | undefined = formatArg === 'md' || formatArg === 'html' ? formatArg : undefined;
  if (!format) {
    const choice = await vscode.window.showQuickPick(
      [
        // Icons as iconPath, not $(…) in the label, which screen readers would read out as their names.
        {
          label: vscode.l10n.t('Markdown'),
          iconPath: new vscode.ThemeIcon('markdown'),
          description: vscode.l10n.t('for a doc or a wiki'),
          format: 'md' as const,
        },
        {
          label: vscode.l10n.t('HTML'),
          iconPath: new vscode.ThemeIcon('file-code'),
          description: vscode.l10n.t('self-contained, prints cleanly to PDF'),
          format: 'html' as const,
        },
      ],
      { title: vscode.l10n.t('Export Promotion Packet'), placeHolder: vscode.l10n.t('Choose a format') },
    );
    if (!choice) return undefined;
    format = choice.format;
  }
  const analysis = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Growth Ledger: preparing the packet'), cancellable: true },
    async (_progress, token) => {
      token.onCancellationRequested(() => ledger.cancel());
      return ledger.ensureAnalysis();
    },
  );
  if (!analysis) {
    const message = ledger.current.message ?? vscode.l10n.t('There is nothing to export yet.');
    void vscode.window.showWarningMessage(vscode.l10n.t('No packet written: {0}', message));
    return undefined;
  }
  const dir = path.join(notesDir, 'packets');
  const file = path.join(dir, `promotion-packet-${localDate()}.${format}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(file, format === 'html' ? renderHtml(analysis) : renderMarkdown(analysis));
  } catch (error) {
    log.error(`Could not write ${file}: ${String(error)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not write the packet to {0} ({1}).', file, (error as NodeJS.ErrnoException).code ?? String(error)),
    );

    return undefined;
  }
  log.info(`Exported ${file}`);
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.packetExported, true);
  if (options.open !== false) {
    const uri = vscode.Uri.file(file);
    if (format === 'md') await vscode.commands.executeCommand('markdown.showPreview', uri);
    else await vscode.window.showTextDocument(uri, { preview: false });
  }
  return file;
}
