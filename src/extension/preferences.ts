import * as vscode from 'vscode';
import { isPeriodPreset, PERIOD_PRESETS } from '../protocol/messages';
import { addToListSetting, updateConfig } from './config';
import type { Ledger } from './ledger';
import { periodLabel } from './viewModel';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "Growth: Set Review Period": the preset passed (as the panel does), or one picked; a custom period asks for its dates. */
export async function setPeriod(ledger: Ledger, arg?: unknown): Promise<void> {
  let preset = typeof arg === 'string' && isPeriodPreset(arg) ? arg : undefined;
  if (!preset) {
    const picked = await vscode.window.showQuickPick(
      PERIOD_PRESETS.map(p => ({ label: periodLabel(p), preset: p, picked: p === ledger.settings.period })),
      { title: vscode.l10n.t('Review period'), placeHolder: vscode.l10n.t('Now: {0}', ledger.current.period.label) },
    );
    if (!picked) return;
    preset = picked.preset;
  }
  if (preset === 'custom') {
    const custom = ledger.settings.customPeriod;
    const ask = (prompt: string, value: string) =>
      vscode.window.showInputBox({
        title: vscode.l10n.t('Custom review period'),
        prompt,
        value,
        placeHolder: vscode.l10n.t('YYYY-MM-DD (empty for no limit)'),
        validateInput: v => (v === '' || DAY.test(v.trim()) ? undefined : vscode.l10n.t('Use YYYY-MM-DD')),
      });
    const since = await ask(vscode.l10n.t('From (inclusive)'), custom.since);
    if (since === undefined) return;
    const until = await ask(vscode.l10n.t('To (inclusive)'), custom.until);
    if (until === undefined) return;
    if (since && until && since > until) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The start of the period is after its end.'));
      return;
    }
    await updateConfig('customPeriod', { since: since.trim(), until: until.trim() });
  }
  // A personal preference: user settings, so nothing is written into the repository's .vscode folder.
  await updateConfig('period', preset);
}

/** "Growth: Add Email Alias": the address passed, or one asked for, added to the identities unless already there. */
export async function addAlias(arg?: unknown): Promise<void> {
  const email =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add an email alias'),
          prompt: vscode.l10n.t('Another address you commit with (old laptop, personal, GitHub noreply). Commits by it count as yours.'),
          placeHolder: 'you@example.com',
          validateInput: v => (/^[^\s@<>]+@[^\s@<>]+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an email address')),
        });
  if (!email || !/^[^\s@<>]+@[^\s@<>]+$/.test(email.trim())) return;
  await addToListSetting('identities', email);
}
