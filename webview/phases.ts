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
        'No folder open',
        state.message ?? 'Open a folder or workspace that contains a git repository to see the evidence in your history.',
        button('Open Folder', () => post({ type: 'openFolder' }), { icon: 'folder-opened', testid: 'open-folder' }),
      );
    case 'untrusted':
      return blank(
        'workspace-untrusted',
        'This workspace is not trusted',
        state.message ??
          'Growth Ledger does not run git in untrusted workspaces, so it cannot read this history. Trust the folder if you know where it came from.',
        button('Manage Workspace Trust', () => post({ type: 'manageTrust' }), { icon: 'shield', testid: 'manage-trust' }),
      );
    case 'noRepository':
      return blank(
        'repo',
        'No git history here',
        state.message ?? 'None of the open folders is a git repository with commits. Open a repository, or commit something, then refresh.',
        button('Refresh', () => post({ type: 'refresh' }), { icon: 'refresh', secondary: true, testid: 'refresh-empty' }),
      );
    case 'error':
      return callout(
        'error',
        'error',
        'Could not read the history',
        [state.message ?? 'Something went wrong while reading git history.'],
        [button('Retry', () => post({ type: 'refresh' }), { icon: 'refresh', testid: 'retry' })],
      );
    case 'scanning':
    case 'ready':
      return null;
    default: {
      const unreachable: never = state.phase;
      return blank('question', 'Unknown state', String(unreachable));
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
