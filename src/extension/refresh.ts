import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { VIEW_ID } from './commands';
import type { Ledger } from './ledger';

/** "Growth: Refresh": a fresh analysis, its progress shown on the panel. */
export function refresh(ledger: Ledger): Thenable<Analysis | undefined> {
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => ledger.refresh());
}

/** "Growth: Rebuild History Cache": forgets what is cached, then analyses afresh, its progress shown on the panel. */
export function rebuildCache(ledger: Ledger): Thenable<Analysis | undefined> {
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => ledger.rebuildCache());
}
