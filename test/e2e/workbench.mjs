// Reusable Playwright steps through the real VS Code workbench (code-server in Chromium): open a folder with the
// extension loaded, run commands from the palette, answer quick inputs, read notifications, open the Growth Ledger
// view container and reach into its webview, switch the colour theme, take screenshots.
// Every function takes the Playwright `page` first; `bindWorkbench(page, defaults)` returns them bound.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_ID, PROJECT_ROOT, workbenchUrl } from './codeServer.mjs';

const DEFAULT_TIMEOUT = 30_000;
export const VIEW_CONTAINER_TITLE = 'Growth Ledger';

/** Quotes a string for a CSS attribute selector. */
const css = s => JSON.stringify(s);

/**
 * Loads the workbench for a folder (or a .code-workspace file) and waits until it is usable: the status bar is up
 * and, when the extension is loaded, its activity-bar entry is there.
 * @param {import('playwright-core').Page} page
 * @param {{ baseUrl: string, folder?: string, workspace?: string, extensionPath?: string | null,
 *           waitForExtension?: boolean, timeout?: number }} o
 *   extensionPath: loaded as a development extension (default: this project; null: only installed extensions)
 */
export async function openWorkbench(page, o) {
  const timeout = o.timeout ?? 90_000;
  const extensionDevelopmentPath = o.extensionPath === undefined ? PROJECT_ROOT : (o.extensionPath ?? undefined);
  await page.goto(workbenchUrl(o.baseUrl, { folder: o.folder, workspace: o.workspace, extensionDevelopmentPath }));
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.part.statusbar').waitFor({ timeout });
  if (o.waitForExtension ?? true) await activityBarItem(page, VIEW_CONTAINER_TITLE).waitFor({ timeout });
  // Let the first layout and the extension host settle before the first keystroke.
  await page.waitForTimeout(500);
}

/** The activity-bar entry (its clickable label) whose title starts with `title`. */
export function activityBarItem(page, title = VIEW_CONTAINER_TITLE) {
  return page.locator(`.part.activitybar .action-item .action-label[aria-label^=${css(title)}]`).first();
}

/**
 * Opens a view container from the activity bar (a click; not when it is already showing, which would close it).
 * Moves the mouse away afterwards so no hover tooltip lands in screenshots.
 */
export async function openViewContainer(page, title = VIEW_CONTAINER_TITLE, { timeout = DEFAULT_TIMEOUT } = {}) {
  const label = activityBarItem(page, title);
  await label.waitFor({ timeout });
  const item = label.locator('xpath=ancestor::li[contains(@class, "action-item")][1]');
  if ((await item.getAttribute('aria-selected')) !== 'true') await label.click();
  await page
    .locator(`.part.sidebar .composite.title`, { hasText: title })
    .first()
    .waitFor({ timeout })
    .catch(() => {});
  await page.mouse.move(700, 5);
}

/** The workbench's outer iframe of an extension's webview (its src names the extension and the purpose). */
function webviewSelector({ extensionId = EXTENSION_ID, purpose } = {}) {
  return `iframe.webview.ready[src*=${css(`extensionId=${extensionId}`)}]${purpose ? `[src*=${css(`purpose=${purpose}`)}]` : ''}`;
}

/**
 * The content frame of an extension's webview: the workbench hosts each webview in `iframe.webview.ready`, which
 * hosts the extension's HTML in `#active-frame`.
 * @param {{ extensionId?: string, purpose?: 'webviewView' | 'webviewPanel' | 'customEditor' | string, timeout?: number,
 *           waitFor?: string }} [o]  waitFor: a selector inside the webview to wait for (default: body)
 * @returns {Promise<import('playwright-core').FrameLocator>}
 */
export async function webviewFrame(page, o = {}) {
  const inner = page.frameLocator(webviewSelector(o)).first().frameLocator('#active-frame');
  await inner
    .locator(o.waitFor ?? 'body')
    .first()
    .waitFor({ timeout: o.timeout ?? DEFAULT_TIMEOUT });
  return inner;
}

/** The same webview as a Playwright Frame (for evaluate()); the FrameLocator from webviewFrame() suits most steps. */
export async function webviewContentFrame(page, o = {}) {
  await webviewFrame(page, o);
  const outer = await (await page.locator(webviewSelector(o)).first().elementHandle()).contentFrame();
  return (await outer.locator('#active-frame').elementHandle()).contentFrame();
}

/** Opens the Growth Ledger view container and returns its (sidebar) webview, waiting for `waitFor` inside it. */
export async function openGrowthPanel(page, { waitFor, timeout } = {}) {
  await openViewContainer(page, VIEW_CONTAINER_TITLE, { timeout });
  return webviewFrame(page, { purpose: 'webviewView', waitFor, timeout });
}

/** The quick input widget (command palette, quick picks, input boxes). */
export function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/** A quick pick row's own label (not its description or detail line). */
const ROW_LABEL = '.quick-input-list-rows > .quick-input-list-row:first-child .monaco-icon-name-container .label-name';
const escapeRegExp = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits until the quick input is showing and, when `text` is given, shows it somewhere: title, prompt/message, an item,
 * or the input's placeholder (quick picks put their question there).
 */
export async function waitForQuickInput(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  await page.waitForFunction(
    t => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget || getComputedStyle(widget).display === 'none') return false;
      if (!t) return true;
      const input = widget.querySelector('input.input');
      return widget.innerText.includes(t) || !!input?.placeholder?.includes(t) || !!input?.getAttribute('aria-label')?.includes(t);
    },
    text ?? '',
    { timeout },
  );
  return quickInput(page);
}

/**
 * Runs a command from the palette by its title as shown there, e.g. "Growth: Log a Win" (category: title).
 * Clicks the row whose label matches exactly, so recently-used ordering does not matter.
 */
export async function runCommand(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const widget = await waitForQuickInput(page, undefined, { timeout });
  await widget.locator('input.input').fill(`>${title}`);
  const row = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({
      has: page.locator(ROW_LABEL, { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }),
    })
    .first();
  await row.waitFor({ timeout });
  await row.click();
}

/** Closes the quick input if it is open. */
export async function closeQuickInput(page) {
  if (await quickInput(page).isVisible()) {
    await page.keyboard.press('Escape');
    await quickInput(page)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => {});
  }
}

/**
 * Waits for the quick input (optionally one showing `prompt`: its title, prompt or placeholder), types `value` and
 * accepts it with Enter (accept: false to only type). Multi-step inputs: call it once per step.
 */
export async function fillQuickInput(page, value, { prompt, timeout = DEFAULT_TIMEOUT, accept = true } = {}) {
  const widget = await waitForQuickInput(page, prompt, { timeout });
  const input = widget.locator('input.input');
  await input.fill(value);
  if (accept) await input.press('Enter');
}

/**
 * Clicks an item of the open quick pick by its label (exact match first, else the first label containing it); in a
 * multi-select pick that toggles its checkbox. Rows are virtualised: when the item is not rendered, the pick is
 * filtered by typing the label first.
 */
export async function pickQuickItem(page, label, { prompt, timeout = DEFAULT_TIMEOUT } = {}) {
  const widget = await waitForQuickInput(page, prompt, { timeout });
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const find = async () => {
    const exact = rows.filter({ has: page.locator(ROW_LABEL, { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
    if ((await exact.count()) > 0) return exact.first();
    const partial = rows.filter({ has: page.locator(ROW_LABEL, { hasText: label }) });
    return (await partial.count()) > 0 ? partial.first() : undefined;
  };
  let row = await until(find, `quick pick item "${label}"`, { timeout: 2000 }).catch(() => undefined);
  if (!row) {
    await widget.locator('input.input').fill(label);
    row = await until(find, `quick pick item "${label}"`, { timeout });
  }
  await row.click();
}

/** Accepts the open quick pick (Enter; in a multi-select pick that confirms the checked items). */
export async function acceptQuickInput(page, { prompt, timeout = DEFAULT_TIMEOUT } = {}) {
  const widget = await waitForQuickInput(page, prompt, { timeout });
  await widget.locator('input.input').press('Enter');
}

/** The labels of the quick pick's rendered rows (the list is virtualised: only the visible ones). */
export async function quickItems(page, { prompt, timeout = DEFAULT_TIMEOUT } = {}) {
  const widget = await waitForQuickInput(page, prompt, { timeout });
  const labels = widget.locator(`.quick-input-list .monaco-list-row ${ROW_LABEL}`);
  await labels
    .first()
    .waitFor({ timeout: Math.min(timeout, 5000) })
    .catch(() => {}); // (an empty pick is allowed)
  return labels.allInnerTexts();
}

/**
 * Waits for a notification toast containing `text` (string or RegExp) and returns its locator.
 * (Toasts hide after a while; the notification center keeps them: see notificationCenterItems.)
 */
export async function waitForNotification(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

/** Clicks a button (e.g. "Open", "Add Email Alias…") on the toast containing `text`. */
export async function clickNotificationButton(page, text, button, { timeout = DEFAULT_TIMEOUT } = {}) {
  const toast = await waitForNotification(page, text, { timeout });
  await toast.locator('.monaco-button, a.monaco-button', { hasText: button }).first().click();
}

/** Closes every notification (command "Notifications: Clear All Notifications"). */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** Titles of the open editor tabs, in order. */
export async function editorTabs(page) {
  return page.locator('.part.editor .tabs-container .tab .label-name').allInnerTexts();
}

/** Waits for an editor tab whose title matches (string: contains; RegExp: matches). */
export async function waitForEditorTab(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  const tab = page.locator('.part.editor .tabs-container .tab', { hasText: title }).first();
  await tab.waitFor({ timeout });
  return tab;
}

const THEME_KIND = { light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black', 'high-contrast-light': 'hc-light' };
/** `workbench.colorTheme` values of the built-in themes, by kind. */
export const THEMES = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast': 'Default High Contrast',
  'high-contrast-light': 'Default High Contrast Light',
};
/** The same themes as labelled in the "Preferences: Color Theme" picker of VS Code 1.100. */
const THEME_LABELS = { light: 'Light Modern', dark: 'Dark Modern', 'high-contrast': 'Dark High Contrast', 'high-contrast-light': 'Light High Contrast' };

/**
 * Switches the colour theme the way a user does it, "Preferences: Color Theme" and a click on the theme, which
 * writes `workbench.colorTheme` to the user settings; waits until the workbench shows it.
 * (Editing settings.json on disk does not do it: code-server's web workbench does not watch the file, and a window
 * with a development extension (?payload=) does not apply the theme or startup editor from it even at load. With
 * the extension installed (E2E_UI_MODE=installed) codeServer.updateSettings() before openWorkbench() does work.)
 * @param {'light' | 'dark' | 'high-contrast' | 'high-contrast-light'} kind
 */
export async function setTheme(page, kind, { timeout = DEFAULT_TIMEOUT } = {}) {
  if (!THEMES[kind]) throw new Error(`unknown theme kind ${kind}; one of ${Object.keys(THEMES).join(', ')}`);
  await runCommand(page, 'Preferences: Color Theme', { timeout });
  await pickQuickItem(page, THEME_LABELS[kind], { timeout });
  await page.waitForFunction(cls => document.querySelector('.monaco-workbench')?.classList.contains(cls), THEME_KIND[kind], { timeout });
  await quickInput(page)
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => {});
}

/**
 * Waits until a webview shows a theme kind: VS Code sets vscode-light / vscode-dark / vscode-high-contrast
 * (+ vscode-high-contrast-light) on the webview's body.
 */
export async function waitForWebviewTheme(frame, kind, { timeout = DEFAULT_TIMEOUT } = {}) {
  const cls = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast', 'high-contrast-light': 'vscode-high-contrast-light' }[
    kind
  ];
  await frame.locator(`body.${cls}`).waitFor({ timeout });
}

/** Saves a full-window screenshot as DIR/NAME.png and returns its path. */
export async function screenshot(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Polls `check` until it returns something truthy (returned), or throws after `timeout` ms naming `what`. A check
 * that throws counts as "not yet" (e.g. reading a folder that does not exist yet); the last error is reported.
 */
export async function until(check, what, { timeout = DEFAULT_TIMEOUT, interval = 100 } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    await new Promise(r => setTimeout(r, interval));
  }
}

/**
 * Scrolls a panel element into view. A refresh that lands meanwhile re-renders the panel, which can replace the
 * element under the scroll: then it is found and scrolled to again (three tries).
 */
export async function scrollIntoView(locator, options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      await locator.scrollIntoViewIfNeeded(options);
      return;
    } catch (error) {
      if (attempt === 3 || !/not attached/.test(String(error))) throw error;
    }
  }
}

/** Waits for a file to exist (and optionally for its text to satisfy `test`) and returns its text. */
export async function waitForFile(file, { test, timeout = DEFAULT_TIMEOUT } = {}) {
  return until(
    () => {
      if (!existsSync(file)) return undefined;
      const text = readFileSync(file, 'utf8');
      return !test || test(text) ? text : undefined;
    },
    `${file}${test ? ' with the expected content' : ''}`,
    { timeout },
  );
}

/** All of the above bound to one page (and defaults for openWorkbench and screenshots). */
export function bindWorkbench(page, defaults = {}) {
  return {
    page,
    open: (o = {}) => openWorkbench(page, { baseUrl: defaults.baseUrl, folder: defaults.folder, extensionPath: defaults.extensionPath, ...o }),
    activityBarItem: title => activityBarItem(page, title),
    openViewContainer: (title, o) => openViewContainer(page, title, o),
    openGrowthPanel: o => openGrowthPanel(page, o),
    webviewFrame: o => webviewFrame(page, o),
    webviewContentFrame: o => webviewContentFrame(page, o),
    quickInput: () => quickInput(page),
    waitForQuickInput: (text, o) => waitForQuickInput(page, text, o),
    acceptQuickInput: o => acceptQuickInput(page, o),
    runCommand: (title, o) => runCommand(page, title, o),
    closeQuickInput: () => closeQuickInput(page),
    fillQuickInput: (value, o) => fillQuickInput(page, value, o),
    pickQuickItem: (label, o) => pickQuickItem(page, label, o),
    quickItems: o => quickItems(page, o),
    waitForNotification: (text, o) => waitForNotification(page, text, o),
    clickNotificationButton: (text, button, o) => clickNotificationButton(page, text, button, o),
    clearNotifications: () => clearNotifications(page),
    editorTabs: () => editorTabs(page),
    waitForEditorTab: (title, o) => waitForEditorTab(page, title, o),
    setTheme: (kind, o) => setTheme(page, kind, o),
    waitForWebviewTheme,
    screenshot: name => screenshot(page, defaults.screenshotsDir, name),
    until,
    waitForFile,
    scrollIntoView,
  };
}
