/**
 * A tiny DOM builder. Everything the panel shows is built with createElement and text nodes: no HTML strings, so
 * commit subjects, names and paths (text anyone can put in a repository) can never become markup.
 */

export type Child = Node | string | number | null | undefined | false;

type Handlers = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

export interface Props {
  class?: string;
  /** data-testid, the stable hook for tests. */
  testid?: string;
  /** Restores focus to the equivalent element after a re-render. */
  focusKey?: string;
  title?: string;
  /** Plain attributes; `false`/`undefined` leave the attribute out, `true` sets it empty. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Handlers;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.focusKey) el.dataset.focusKey = props.focusKey;
  if (props.title) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props.on ?? {}) as [string, EventListener][]) {
    el.addEventListener(type, listener);
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A codicon from the page's codicon.css; decorative unless given a label. */
export function icon(name: string, extraClass = '', label?: string): HTMLSpanElement {
  const el = h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}` });
  if (label) {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', label);
  } else {
    el.setAttribute('aria-hidden', 'true');
  }
  return el;
}

/** Text for screen readers only. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}

let nextId = 0;
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * Runs `activate` on click anywhere in `el` and on Enter/Space when `el` itself has focus, so a list row works like
 * its main button from the mouse, the keyboard and tests alike. Clicks on nested controls that handle themselves
 * (marked `data-own-action`) are left alone.
 */
export function activateOn(el: HTMLElement, activate: () => void): void {
  el.addEventListener('click', event => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('[data-own-action]')) return;
    activate();
  });
  el.addEventListener('keydown', event => {
    if (event.target !== el) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate();
    }
  });
}
