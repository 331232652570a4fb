import * as path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { GitError } from '../core/git/exec';
import { findRepositoryRoot } from '../core/git/repository';
import { normaliseEmail } from '../core/git/identity';
import { discoverRepositories, expandHome } from '../core/git/discover';
import { FileProblem, loadFramework } from '../core/framework/loader';
import { DEFAULT_FRAMEWORK } from '../core/framework/defaultFramework';
import type { Framework } from '../core/framework/types';
import type { AnalysisView, PanelState } from '../protocol/messages';
import { readConfig, type LedgerConfig } from './config';
import { resolvePeriod, toAnalysisView, withSettingRepositories } from './viewModel';
import { ScanClient } from './scan/client';
import { CHECK_IN_CADENCES } from '../core/plan/plan';
import type { Log } from './log';
import { CONTEXT_KEYS } from './commands';

export interface LedgerPaths {
  /** Where parsed commits are cached between sessions (the extension's global storage). */
  cacheDir?: string;
  /** The built scan worker (dist/scanWorker.js): analyses run there, off the extension host's thread. */
  scanWorker: string;
}

/** The repositories an analysis reads, and where they came from. */
export interface RepositorySet {
  /** Work tree roots: the workspace's first, then those growthLedger.repositories adds. */
  repos: string[];
  /** Those found only through growthLedger.repositories. */
  fromSetting: Set<string>;
  /** Folders of the setting that gave nothing to read, with what to do about it (shown in the panel's footer). */
  unreachable: { path: string; message: string }[];
}

const settingHint = () => vscode.l10n.t('Fix or remove it in the setting growthLedger.repositories.');

interface Scan {
  controller: AbortController;
  done: Promise<Analysis | undefined>;
  /** The scan that replaced this one, if a newer refresh did. */
  replacedBy?: Promise<Analysis | undefined>;
}

/**
 * Owns the analysis: when it runs, what the panel shows meanwhile, and cancelling a scan that a newer one replaces.
 * Nothing here runs git until a view or a command asks for it.
 */
export class Ledger implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PanelState>();
  readonly onDidChange = this.changed.event;
  private state: PanelState;
  private last: Analysis | undefined;
  private scan: Scan | undefined;
  private config: LedgerConfig;
  private readonly scans: ScanClient;

  constructor(
    private readonly log: Log,
    readonly paths: LedgerPaths,
  ) {
    this.config = readConfig();
    this.state = {
      phase: 'ready',
      period: this.period(),
      identity: { emails: [], names: [] },
      checkInEveryDays: CHECK_IN_CADENCES[this.config.checkInCadence],
    };
    // Started by the first scan, not here: activation stays free of threads and git.
    this.scans = new ScanClient(paths.scanWorker);
  }

  dispose(): void {
    this.cancel();
    void this.scans.dispose();
    this.changed.dispose();
  }

  get current(): PanelState {
    return this.state;
  }

  get lastAnalysis(): Analysis | undefined {
    return this.last;
  }

  reloadConfig(): void {
    this.config = readConfig();
    this.set({ period: this.period(), checkInEveryDays: CHECK_IN_CADENCES[this.config.checkInCadence] });
  }

  get settings(): LedgerConfig {
    return this.config;
  }

  private period() {
    return resolvePeriod(this.config.period, this.config.customPeriod);
  }

  private set(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    if (patch.phase && patch.phase !== 'scanning') delete this.state.scanning;
    if (patch.phase && patch.phase !== 'error' && patch.message === undefined) delete this.state.message;
    this.changed.fire(this.state);
  }

  /** The folder that holds wins/, the plan notes, profile.yaml, framework.yaml and packets/: in the first workspace folder unless absolute. */
  notesDir(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    return path.isAbsolute(this.config.notesFolder) ? this.config.notesFolder : path.join(folder.uri.fsPath, this.config.notesFolder);
  }

  /** Distinct repositories of the workspace folders and of growthLedger.repositories. */
  async repositories(signal?: AbortSignal): Promise<string[]> {
    return (await this.repositorySet(signal)).repos;
  }

  /**
   * The workspace folders' repositories (a folder inside a repository counts as that repository), then those the
   * growthLedger.repositories folders hold. A setting folder that cannot be searched is reported, not fatal.
   */
  async repositorySet(signal?: AbortSignal): Promise<RepositorySet> {
    const set: RepositorySet = { repos: [], fromSetting: new Set(), unreachable: [] };
    // The one gate for git in the extension: nothing below runs git, or reads folders, when the workspace is not trusted.
    if (!vscode.workspace.isTrusted) return set;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = await findRepositoryRoot(folder.uri.fsPath, { signal });
      if (root && !set.repos.includes(root)) set.repos.push(root);
    }
    const folders: string[] = [];
    for (const entry of this.config.repositories) {
      const folder = expandHome(entry);
      if (path.isAbsolute(folder)) folders.push(folder);
      // Relative to what? An application-wide setting has no folder of its own to start from.
      else
        set.unreachable.push({
          path: entry,
          message: `${vscode.l10n.t('"{0}" is not an absolute path: write it as /full/path or ~/path.', entry)} ${settingHint()}`,
        });
    }
    if (folders.length === 0) return set;
    const found = await discoverRepositories(folders, { signal });
    for (const p of found.problems) set.unreachable.push({ path: p.path, message: `${p.message}. ${settingHint()}` });
    if (found.truncated)
      set.unreachable.push({ path: folders.join(', '), message: vscode.l10n.t('Searching growthLedger.repositories {0}.', found.truncated) });
    for (const root of found.repositories) {
      if (set.repos.includes(root)) continue;
      set.repos.push(root);
      set.fromSetting.add(root);
    }
    if (folders.length && found.repositories.length === 0 && found.problems.length === 0) {
      const skipped = found.skipped[0] ? ` (${found.skipped[0].path}: ${found.skipped[0].reason})` : '';
      set.unreachable.push({
        path: folders.join(', '),
        message: `${vscode.l10n.t('No git repository found in {0}{1}.', folders.join(', '), skipped)} ${settingHint()}`,
      });
    }
    for (const s of found.skipped) this.log.info(`growthLedger.repositories: skipped ${s.path}: ${s.reason}`);
    return set;
  }

  async framework(): Promise<{ framework: Framework; problem?: FileProblem }> {
    const dir = this.notesDir();
    const file = dir && path.join(dir, 'framework.yaml');
    if (!file || !existsSync(file)) return { framework: DEFAULT_FRAMEWORK };
    try {
      return { framework: await loadFramework(file) };
    } catch (error) {
      if (error instanceof FileProblem) return { framework: DEFAULT_FRAMEWORK, problem: error };
      throw error;
    }
  }

  cancel(): void {
    this.scan?.controller.abort();
  }

  /**
   * Runs a fresh analysis, replacing any scan under way. Resolves with the analysis, or undefined when there was
   * nothing to analyse, it was cancelled, or it failed (the state says which). A scan that a newer refresh replaces
   * (a file watcher's, say) resolves with the newer one's result: whoever asked for a refresh still gets one.
   */
  refresh(): Promise<Analysis | undefined> {
    const previous = this.scan;
    this.cancel();
    const controller = new AbortController();
    const scan: Scan = { controller, done: Promise.resolve(undefined) };
    scan.done = this.run(controller.signal)
      .then(result => scan.replacedBy ?? result)
      .finally(() => {
        if (this.scan === scan) this.scan = undefined;
      });
    if (previous) previous.replacedBy = scan.done;
    this.scan = scan;
    return scan.done;
  }

  /**
   * Forgets every parsed history and stored result (the files in global storage and the scan worker's memory), then
   * analyses afresh from git: for when something looks wrong, or to give the space back.
   */
  async rebuildCache(): Promise<Analysis | undefined> {
    this.cancel();
    await this.scan?.done;
    this.scans.forget();
    if (this.paths.cacheDir) await fs.rm(this.paths.cacheDir, { recursive: true, force: true });
    this.log.info('History cache cleared');
    return this.refresh();
  }

  /** The last analysis if there is one, else a fresh one. */
  async ensureAnalysis(): Promise<Analysis | undefined> {
    if (this.scan) return this.scan.done;
    return this.last ?? this.refresh();
  }

  private async run(signal: AbortSignal): Promise<Analysis | undefined> {
    const period = this.period();
    if (!vscode.workspace.workspaceFolders?.length) {
      this.set({ phase: 'noWorkspace', period, message: vscode.l10n.t('Open a folder that is a git repository to see your growth evidence.') });
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      this.set({
        phase: 'untrusted',
        period,
        message: vscode.l10n.t('Growth Ledger does not run git in an untrusted workspace. Trust this workspace to analyse its history.'),
      });
      return undefined;
    }
    const started = Date.now();
    try {
      this.set({ phase: 'scanning', period, scanning: { repo: '', stage: 'reading', commits: 0 } });
      const { repos, fromSetting, unreachable } = await this.repositorySet(signal);
      if (repos.length === 0) {
        const fromTheSetting = unreachable.length
          ? ` ${vscode.l10n.t('growthLedger.repositories gave none either: {0}', unreachable.map(u => u.message).join(' '))}`
          : '';
        this.set({
          phase: 'noRepository',
          period,
          message: `${vscode.l10n.t('None of the open folders is a git repository with commits. Open a repository, or run "git init" and commit.')}${fromTheSetting}`,
        });
        return undefined;
      }
      const sourced = (view: AnalysisView) => withSettingRepositories(view, fromSetting, unreachable);
      const { framework, problem } = await this.framework();
      const problems = (list: AnalysisView['problems']) => {
        if (problem)
          list.unshift({
            file: problem.file,
            line: problem.line,
            message: `${problem.message} ${vscode.l10n.t('(using the built-in framework until this is fixed)')}`,
          });
      };
      // The panel is refreshed from the view the worker sends ahead of the whole analysis (see FromScanWorker `assessed`).
      let shown = false;
      // Until an analysis says who "me" is (the last one's answer, or what each repository's progress tells).
      const shownMe = this.state.identity.emails.length > 0;
      const me = { emails: new Set(this.config.identities.map(normaliseEmail).filter(Boolean)), names: new Set<string>() };
      const analysis = await this.scans.run(
        {
          repos,
          identities: this.config.identities,
          since: period.since,
          until: period.until,
          notesDir: this.notesDir(),
          framework,
          excludedAuthors: this.config.excludedAuthors,
          allowShallow: true,
          continueOnError: true,
          ...(this.config.gitReaders > 0 ? { readers: this.config.gitReaders } : {}),
          ...(this.paths.cacheDir ? { cacheDir: this.paths.cacheDir } : {}),
        },
        {
          signal,
          onProgress: p => {
            if (signal.aborted) return;
            // Who "me" is, as each repository is opened and before its history is read: the header need not wait.
            if (!shownMe) {
              for (const e of p.me.emails) me.emails.add(e);
              for (const n of p.me.names) me.names.add(n);
            }
            this.set({
              phase: 'scanning',
              scanning: { repo: path.basename(p.repo), stage: p.stage, commits: p.commits, ...(p.total !== undefined ? { total: p.total } : {}) },
              ...(shownMe ? {} : { identity: { emails: [...me.emails].sort(), names: [...me.names] } }),
            });
          },
          remoteLinks: this.config.remoteLinks,
          onAssessed: (view, identity) => {
            if (signal.aborted || view.repos.every(r => r.error)) return; // a failure is shown once the scan ends
            problems(view.problems);
            this.set({ phase: 'ready', period, identity, analysis: sourced(view) });
            shown = true;
          },
        },
      );
      problems(analysis.problems);
      if (signal.aborted) return undefined;
      this.last = analysis;
      const failed = analysis.repos.filter(r => r.error);
      for (const r of failed) this.log.warn(`${r.path}: ${r.error!.message}`);
      if (failed.length === analysis.repos.length) {
        this.set({
          phase: 'error',
          message: failed.map(r => r.error!.message).join('\n'),
          analysis: sourced(toAnalysisView(analysis, this.config.remoteLinks)),
        });
        return undefined;
      }
      this.log.info(
        `Analysed ${analysis.repos.map(r => `${r.path} (${r.commitsScanned} commits)`).join(', ')} for ${period.label} in ${Date.now() - started} ms`,
      );
      for (const u of unreachable) this.log.warn(u.message);
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.identityKnown, analysis.totals.commitsAuthored > 0);
      if (!shown) this.set({ phase: 'ready', period, identity: analysis.identity, analysis: sourced(toAnalysisView(analysis, this.config.remoteLinks)) });
      return analysis;
    } catch (error) {
      // However the abort surfaced (our GitError or simple-git's own), a scan whose signal fired was cancelled.
      if (signal.aborted || (error instanceof GitError && error.code === 'cancelled')) {
        this.log.info('Scan cancelled');
        if (this.scan?.controller.signal === signal)
          this.set({
            phase: this.state.analysis ? 'ready' : 'error',
            message: this.state.analysis ? undefined : vscode.l10n.t('Scan cancelled. Refresh to try again.'),
          });
        return undefined;
      }
      const message =
        error instanceof GitError || error instanceof FileProblem
          ? error.message
          : vscode.l10n.t('Unexpected error: {0}', error instanceof Error ? error.message : String(error));

      this.log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      this.set({ phase: 'error', message });
      return undefined;
    }
  }
}
