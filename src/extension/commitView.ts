import * as path from 'node:path';
import * as vscode from 'vscode';
import { changedFiles, showFileAt } from '../core/git/repository';
import { commitLinker } from '../core/git/remoteLinks';
import type { Ledger } from './ledger';

export const SCHEME = 'growth-ledger-git';
const MAX_FILES = 60;

interface RefQuery {
  repo: string;
  ref: string;
}

function fileAt(repo: string, ref: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: '/' + file, query: JSON.stringify({ repo, ref } satisfies RefQuery) });
}

/** Read-only file contents at a commit, served from git for the diff editor. */
export class CommitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { repo, ref } = JSON.parse(uri.query) as RefQuery;
    if (!vscode.workspace.isTrusted) return '';
    return showFileAt(repo, ref, uri.path.slice(1));
  }
}

/**
 * Opens a commit: in VS Code's multi-file diff editor, or (`web`) on the remote's web UI when the remote is a
 * known host. Only repositories of the current analysis are accepted.
 */
export async function openCommit(ledger: Ledger, repo: unknown, sha: unknown, where?: unknown): Promise<void> {
  const analysis = ledger.lastAnalysis;
  const known = analysis?.repos.find(r => r.path === repo);
  if (typeof sha !== 'string' || !/^[0-9a-f]{7,64}$/i.test(sha) || !known) return;
  if (where === 'web') {
    const link = ledger.settings.remoteLinks ? commitLinker(known.remoteUrl ?? undefined)?.(sha) : undefined;
    if (link) await vscode.env.openExternal(vscode.Uri.parse(link));
    return;
  }
  const files = (await changedFiles(known.path, sha)).slice(0, MAX_FILES);
  const subject = analysis?.evidence.find(e => e.commit === sha)?.subject ?? '';
  const title = `${sha.slice(0, 7)} ${subject}`.trim();
  const resources = files.map(f => {
    const before = f.status === 'A' ? fileAt(known.path, `${sha}^`, '') : fileAt(known.path, `${sha}^`, f.oldPath ?? f.path);
    const after = f.status === 'D' ? fileAt(known.path, sha, '') : fileAt(known.path, sha, f.path);
    return [vscode.Uri.file(path.join(known.path, f.path)), before, after] as [vscode.Uri, vscode.Uri, vscode.Uri];
  });
  if (resources.length === 1) {
    const [, before, after] = resources[0]!;
    await vscode.commands.executeCommand('vscode.diff', before, after, `${title} (${files[0]!.path})`);
  } else {
    await vscode.commands.executeCommand('vscode.changes', title, resources);
  }
}
