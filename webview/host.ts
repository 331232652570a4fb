import type { FromWebview } from '../src/protocol/messages';

/** What the panel remembers across reloads of the webview (it is not kept alive while hidden). UI-only. */
export interface UiState {
  /** Expectation ids whose details are open. */
  expanded: string[];
  /** Section ids the user collapsed. */
  collapsed: string[];
  scrollY: number;
}

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: FromWebview): void {
  api.postMessage(message);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function restore(): UiState {
  const raw = api.getState();
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    expanded: strings(s.expanded),
    collapsed: strings(s.collapsed),
    scrollY: typeof s.scrollY === 'number' && Number.isFinite(s.scrollY) ? s.scrollY : 0,
  };
}

const ui: UiState = restore();
const expanded = new Set(ui.expanded);
const collapsed = new Set(ui.collapsed);

function save(): void {
  ui.expanded = [...expanded];
  ui.collapsed = [...collapsed];
  api.setState(ui);
}

export const uiState = {
  isExpanded: (id: string): boolean => expanded.has(id),
  setExpanded(id: string, open: boolean): void {
    if (open) expanded.add(id);
    else expanded.delete(id);
    save();
  },
  /** Forgets expectations that no longer exist (e.g. after the framework was customised). */
  retainExpanded(ids: readonly string[]): void {
    const keep = new Set(ids);
    const before = expanded.size;
    for (const id of [...expanded]) if (!keep.has(id)) expanded.delete(id);
    if (expanded.size !== before) save();
  },
  isCollapsed: (section: string): boolean => collapsed.has(section),
  setCollapsed(section: string, value: boolean): void {
    if (value) collapsed.add(section);
    else collapsed.delete(section);
    save();
  },
  get scrollY(): number {
    return ui.scrollY;
  },
  set scrollY(y: number) {
    ui.scrollY = y;
    save();
  },
};
