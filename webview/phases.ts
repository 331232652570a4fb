import * as l10n from '@vscode/l10n';
import type { PanelState } from '../src/protocol/messages';
import { button, callout } from './components';
import { h, icon, type Child } from './dom';
import { post } from './host';

/** Messages for the phases that have nothing to analyse. */
export function phaseMessage(state: PanelState): HTMLElement | null {
  switch (state.phase) {
    case 'noWorkspace':
      return blank(
        'folder-opened',
        l10n.t('No folder open'),
        state.message ?? l10n.t('Open a folder or workspace that contains a git repository to see the evidence in your history.'),
        button(l10n.t('Open Folder'), () => post({ type: 'openFolder' }), { icon: 'folder-opened', testid: 'open-folder' }),
      );
    case 'untrusted':
      return blank(
        'workspace-untrusted',
        l10n.t('This workspace is not trusted'),
        state.message ??
          l10n.t('Growth Ledger does not run git in untrusted workspaces, so it cannot read this history. Trust the folder if you know where it came from.'),
        button(l10n.t('Manage Workspace Trust'), () => post({ type: 'manageTrust' }), { icon: 'shield', testid: 'manage-trust' }),
      );
    case 'noRepository':
      return blank(
        'repo',
        l10n.t('No git history here'),
        state.message ?? l10n.t('None of the open folders is a git repository with commits. Open a repository, or commit something, then refresh.'),
        button(l10n.t('Refresh'), () => post({ type: 'refresh' }), { icon: 'refresh', secondary: true, testid: 'refresh-empty' }),
      );
    case 'error':
      return callout(
        'error',
        'error',
        l10n.t('Could not read the history'),
        [state.message ?? l10n.t('Something went wrong while reading git history.')],
        [button(l10n.t('Retry'), () => post({ type: 'refresh' }), { icon: 'refresh', testid: 'retry' })],
      );
    case 'scanning':
    case 'ready':
      return null;
    default: {
      const unreachable: never = state.phase;
      return blank('question', l10n.t('Unknown state'), String(unreachable));
    }
  }
}

function blank(iconName: string, title: string, text: string, ...actions: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'blank' },
    icon(iconName, 'blank-icon'),
    h('h2', { class: 'blank-title' }, title),
    h('p', {}, text),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}
