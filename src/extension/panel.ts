import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview, type ToWebview } from '../protocol/messages';
import { COMMANDS, CONFIG_SECTION } from './commands';
import { addToListSetting } from './config';
import type { Ledger } from './ledger';
import type { Log } from './log';

/** The sidebar panel: a webview view that renders the ledger's state and turns clicks into commands. */
export class GrowthPanel implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private stale = true;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly ledger: Ledger,
    private readonly log: Log,
  ) {
    this.disposables.push(ledger.onDidChange(() => this.post()));
  }

  dispose(): void {
    this.disposables.forEach(d => d.dispose());
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /** Something changed on disk: refresh now if the panel is visible, else when it next becomes visible. */
  markStale(): void {
    this.stale = true;
    if (this.visible && this.ready) {
      this.stale = false;
      void this.ledger.refresh();
    }
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview, dist);
    view.onDidDispose(
      () => {
        if (this.view === view) this.view = undefined;
      },
      null,
      this.disposables,
    );
    view.onDidChangeVisibility(
      () => {
        if (view.visible && this.stale && this.ready) this.markStale();
      },
      null,
      this.disposables,
    );
    view.webview.onDidReceiveMessage(
      raw => {
        const message = parseFromWebview(raw);
        if (!message) {
          this.log.warn('Ignored a malformed message from the panel');
          return;
        }
        void this.handle(message).catch(error =>
          this.log.error(`Panel action ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
      null,
      this.disposables,
    );
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        // The translations first: the panel renders no state before it knows its words.
        const strings: ToWebview = { type: 'l10n', bundle: vscode.l10n.bundle ?? null };
        void this.view?.webview.postMessage(strings);
        this.post();
        if (this.stale || !this.ledger.lastAnalysis) {
          this.stale = false;
          await this.ledger.refresh();
        }
        return;
      }
      case 'refresh':
        await vscode.commands.executeCommand(COMMANDS.refresh.id);
        return;
      case 'cancelScan':
        this.ledger.cancel();
        return;
      case 'setPeriod':
        await vscode.commands.executeCommand(COMMANDS.setPeriod.id, message.preset);
        return;
      case 'logWin':
        await vscode.commands.executeCommand(COMMANDS.logWin.id);
        return;
      case 'exportPacket':
        await vscode.commands.executeCommand(COMMANDS.exportPacket.id);
        return;
      case 'addAlias': {
        // One click adds only an address the analysis itself offered; anything else goes through the input box.
        const offered = message.email && this.ledger.lastAnalysis?.identity.aliasCandidates.some(c => c.email === message.email);
        await vscode.commands.executeCommand(COMMANDS.addAlias.id, offered ? message.email : undefined);
        if (offered && message.email) void vscode.window.showInformationMessage(vscode.l10n.t('{0} now counts as yours.', message.email));
        return;
      }
      case 'markNotPerson': {
        const known = this.ledger.lastAnalysis?.mentoring.people.some(p => p.email === message.email);
        if (!known) return;
        await addToListSetting('excludedAuthors', message.email);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('{0} is no longer counted as a person (setting Growth Ledger: Excluded Authors).', message.email),
        );
        return;
      }
      case 'customizeFramework':
        await vscode.commands.executeCommand(COMMANDS.customizeFramework.id);
        return;
      case 'openSettings':
        await vscode.commands.executeCommand(
          'workbench.action.openSettings',
          message.setting ? `${CONFIG_SECTION}.${message.setting}` : '@ext:growth-ledger.growth-ledger',
        );
        return;
      case 'manageTrust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
      case 'openCommit':
        await vscode.commands.executeCommand(COMMANDS.openCommit.id, message.repo, message.commit);
        return;
      case 'openCommitOnWeb':
        await vscode.commands.executeCommand(COMMANDS.openCommit.id, message.repo, message.commit, 'web');
        return;
      case 'openWin': {
        const win = this.ledger.lastAnalysis?.wins.find(w => w.id === message.id);
        if (win) await vscode.window.showTextDocument(vscode.Uri.file(win.file), { preview: true });
        return;
      }
      case 'openProblem': {
        // Only files the analysis itself reported; the webview cannot name arbitrary paths.
        const problem = this.ledger.lastAnalysis?.problems.find(p => p.file === message.file);
        if (!problem) return;
        const line = Math.max(0, message.line - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(problem.file), { selection: new vscode.Range(line, 0, line, 0) });
        return;
      }
      case 'importReviews':
        await vscode.commands.executeCommand(COMMANDS.importReviews.id);
        return;
      case 'openFolder':
        await vscode.commands.executeCommand('workbench.action.files.openFolder');
        return;
      case 'curateEvidence':
        await vscode.commands.executeCommand(COMMANDS.curateEvidence.id, message.expectation, message.commit, message.action);
        return;
      case 'writeStatement':
        await vscode.commands.executeCommand(COMMANDS.writeStatement.id, message.expectation);
        return;
      case 'draftStatement':
        await vscode.commands.executeCommand(COMMANDS.draftStatement.id, message.expectation);
        return;
      case 'copySelfReview':
        await vscode.commands.executeCommand(COMMANDS.copySelfReview.id);
        return;
      case 'recordFeedback':
        await vscode.commands.executeCommand(COMMANDS.recordFeedback.id);
        return;
      case 'setGoal':
        await vscode.commands.executeCommand(COMMANDS.setGoal.id);
        return;
      case 'completeGoal': {
        // Only a goal the analysis listed; anything else goes through the pick. How it ended is always asked.
        const known = message.id && this.ledger.lastAnalysis?.goals.some(g => g.id === message.id && g.status === 'active');
        await vscode.commands.executeCommand(COMMANDS.completeGoal.id, known ? message.id : undefined);
        return;
      }
      case 'checkIn':
        await vscode.commands.executeCommand(COMMANDS.checkIn.id);
        return;
      case 'chooseTrack':
        await vscode.commands.executeCommand(COMMANDS.chooseTrack.id);
        return;
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private post(): void {
    if (!this.view || !this.ready) return;
    const message: ToWebview = { type: 'state', state: this.ledger.current };
    void this.view.webview.postMessage(message);
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = randomBytes(18).toString('base64');
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language.replace(/[^A-Za-z0-9-]/g, '') || 'en'}">

<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset('webview.css')}">
<title>Growth Ledger</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
  }
}
