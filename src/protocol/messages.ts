/**
 * The one protocol between the extension and the panel's webview. Both bundles import these types, and the period
 * presets with their labels so both offer the same list; each side handles every message with an exhaustive switch.
 * Messages are plain JSON only: no functions, no class instances.
 */
import * as l10n from '@vscode/l10n';

/** The review periods the panel and the Set Period command offer, in the order they are listed. */
export const PERIOD_PRESETS = ['3m', '6m', '12m', 'ytd', 'all', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/**
 * How each preset is offered; the custom one goes on to ask for its dates. A function, not a table: the words come
 * from the localisation bundle, which each side loads only after its modules are evaluated.
 */
export function periodPresetLabel(preset: PeriodPreset): string {
  switch (preset) {
    case '3m':
      return l10n.t('Last 3 months');
    case '6m':
      return l10n.t('Last 6 months');
    case '12m':
      return l10n.t('Last 12 months');
    case 'ytd':
      return l10n.t('This year');
    case 'all':
      return l10n.t('All history');
    case 'custom':
      return l10n.t('Custom…');
  }
}

/** The translated strings of the extension's localisation bundle (l10n/bundle.l10n.json's translations), by English text. */
export type L10nBundle = Record<string, string>;

/** For presets that arrive as plain strings: from settings, a command argument or the webview. */
export function isPeriodPreset(value: unknown): value is PeriodPreset {
  return (PERIOD_PRESETS as readonly unknown[]).includes(value);
}

export type Status = 'demonstrated' | 'partial' | 'none';
export type Level = 'mid' | 'senior';
export type Visibility = 'visible' | 'not-recorded-here' | 'not-in-git';

export interface EvidenceView {
  kind: string;
  signal: string;
  /** Repository root; empty for a logged win. */
  repo: string;
  /** Full SHA, or the note id for a logged win. */
  commit: string;
  date: string;
  summary: string;
  subject: string;
  /** True when the commit can be opened on the remote's web UI. */
  hasWebLink: boolean;
  /** My statement for this expectation pins it: it leads the expectation in the packet. */
  pinned: boolean;
  /** Left out of the packet by my statements; it still counts as evidence. */
  hidden: boolean;
}

export interface ExpectationView {
  id: string;
  level: Level;
  title: string;
  areaTitle: string;
  description: string;
  status: Status;
  evidence: number;
  demonstratedAt: number;
  gitVisible: boolean;
  /** `visible`, or why the evidence cannot be seen here (see ExpectationResult.visibility). */
  visibility: Visibility;
  nextStep: string;
  /** Evidence per month, last six months of the period, oldest first. */
  trend: number[];
  /** The most recent evidence items (capped); `evidence` counts the distinct commits and notes behind them all. */
  items: EvidenceView[];
  /** Evidence items in the period beyond those in `items`. */
  moreItems: number;
  /** The start of my statement for it (capped), or null when I have written none. */
  statement: string | null;
}

export interface OwnershipView {
  repoName: string;
  path: string;
  share: number;
  commits: number;
  linesChanged: number;
  mainDeveloper: boolean;
  soleRecentAuthor: boolean;
}

export interface WinView {
  id: string;
  title: string;
  date: string;
  impact: string;
  expectations: string[];
  /** Absolute path, used only to ask the extension to open it. */
  file: string;
}

export interface RepoView {
  path: string;
  name: string;
  commitsScanned: number;
  shallow: boolean;
  /** What would make the analysis fuller (fetch Gerrit's review notes, say). */
  notices?: string[];
  /** How changes land there, in a sentence, and whether git records reviews. */
  workflow?: { kind: string; reviewsRecorded: boolean; description: string };
  error?: string;
  /** Added by the setting growthLedger.repositories (outside the workspace): its failure is fixed there. */
  fromSetting?: boolean;
  /** A folder of that setting that gave no repository to read (missing, unreadable, none found); `error` says which. */
  unreachable?: boolean;
}

export interface AliasCandidateView {
  email: string;
  name: string;
  commits: number;
  reason: 'github-noreply' | 'same-name';
}

/** The growth plan as the panel shows it: active goals, recent feedback, the last check-in, the track and the trajectory. */
export interface PlanView {
  goals: {
    id: string;
    title: string;
    due: string | null;
    created: string;
    expectations: string[];
    milestones: { title: string; done: boolean }[];
    progress: { milestonesDone: number; milestones: number; evidence: number; wins: number };
  }[];
  /** The most recent feedback (capped); `feedbackTotal` counts it all. */
  feedback: { id: string; from: string; date: string; text: string; kind: 'praise' | 'constructive' }[];
  feedbackTotal: number;
  /** The day of the last check-in, or null before the first. */
  lastCheckIn: string | null;
  track: 'ic' | 'manager' | 'hybrid' | null;
  trackLabel: string | null;
  /** Quarters oldest first, and each expectation's status in each (same order as `quarters`). */
  quarters: string[];
  trajectory: { id: string; title: string; level: Level; statuses: Status[] }[];
}

export interface AnalysisView {
  repos: RepoView[];
  totals: { commitsAuthored: number; commitsCommittedForOthers: number; mergesOfOthersWork: number; activeWeeks: number };
  reviewsByTrailer: Record<string, number>;
  /** Others' Gerrit changes I voted on, and reviews imported from the code host. */
  reviewsElsewhere: { gerritVotes: number; imported: number };
  expectations: ExpectationView[];
  ownership: OwnershipView[];
  /** The name on most of my commits, when the history has one. */
  displayName: string | null;
  /** Addresses that look like mine, offered for one-click adding. */
  aliasCandidates: AliasCandidateView[];
  /** The people mentored most (capped); `mentoredTotal` counts them all. */
  mentored: { name: string; email: string; commits: number }[];
  mentoredTotal: number;
  /** People helped once (not counted as mentored). */
  helped: number;
  wins: WinView[];
  plan: PlanView;
  problems: { file: string; line: number; message: string }[];
  generatedAt: string;
}

export type PanelPhase =
  /** No folder open. */
  | 'noWorkspace'
  /** Workspace trust not granted: no git runs. */
  | 'untrusted'
  /** Folders open but none is a git repository with commits. */
  | 'noRepository'
  | 'scanning'
  | 'ready'
  | 'error';

export interface PanelState {
  phase: PanelPhase;
  /** For error and empty phases: what happened, in words a person can act on. */
  message?: string;
  /** While scanning: the repository being read, and how far (commits read of `total`, once git has counted them). */
  scanning?: { repo: string; stage: 'reading' | 'examining'; commits: number; total?: number };
  period: { preset: PeriodPreset; label: string; since: string | null; until: string | null };
  identity: { emails: string[]; names: string[] };
  /** The last complete analysis; kept while a refresh is scanning. */
  analysis?: AnalysisView;
  /** Days between check-ins (setting Growth Ledger: Check In Cadence), to say when the next one is due. */
  checkInEveryDays: number;
}

/**
 * Extension -> webview. `l10n` comes first, once: the display language's translations (null in English, where the
 * English text is its own key); the panel renders no state before it.
 */
export type ToWebview = { type: 'l10n'; bundle: L10nBundle | null } | { type: 'state'; state: PanelState };

/** Webview -> extension */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'cancelScan' }
  | { type: 'setPeriod'; preset: PeriodPreset }
  | { type: 'logWin' }
  | { type: 'exportPacket' }
  | { type: 'addAlias'; email?: string }
  | { type: 'markNotPerson'; email: string }
  | { type: 'customizeFramework' }
  /** The extension's settings, or (`repositories`) the one setting a failing repository outside the workspace comes from. */
  | { type: 'openSettings'; setting?: 'repositories' }
  | { type: 'manageTrust' }
  | { type: 'openCommit'; repo: string; commit: string }
  | { type: 'openCommitOnWeb'; repo: string; commit: string }
  | { type: 'openWin'; id: string }
  | { type: 'openProblem'; file: string; line: number }
  | { type: 'openFolder' }
  | { type: 'importReviews' }
  /** Pin an item to lead the expectation in the packet, hide it from the packet, or put it back in ranked order. */
  | { type: 'curateEvidence'; expectation: string; commit: string; action: CurateAction }
  | { type: 'writeStatement'; expectation: string }
  /** A first draft of the expectation's statement (a language model only after consent, or the template). */
  | { type: 'draftStatement'; expectation: string }
  | { type: 'copySelfReview' }
  // The growth plan
  | { type: 'recordFeedback' }
  | { type: 'setGoal' }
  | { type: 'completeGoal'; id?: string }
  | { type: 'checkIn' }
  | { type: 'chooseTrack' };

export const CURATE_ACTIONS = ['pin', 'hide', 'reset'] as const;
export type CurateAction = (typeof CURATE_ACTIONS)[number];

const FROM_WEBVIEW_TYPES: ReadonlySet<string> = new Set<FromWebview['type']>([
  'ready',
  'refresh',
  'cancelScan',
  'setPeriod',
  'logWin',
  'exportPacket',
  'addAlias',
  'markNotPerson',
  'customizeFramework',
  'openSettings',
  'manageTrust',
  'openCommit',
  'openCommitOnWeb',
  'openWin',
  'openProblem',
  'openFolder',
  'importReviews',
  'curateEvidence',
  'writeStatement',
  'draftStatement',
  'copySelfReview',
  'recordFeedback',
  'setGoal',
  'completeGoal',
  'checkIn',
  'chooseTrack',
]);

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096;

/** An expectation id as frameworks write them (never `.` or `..`: it names a file). */
const isExpectationId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(v);
/** A commit (hex) or a logged win's id. */
const isEvidenceRef = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(v);

const isEmail = (v: unknown): v is string => isString(v) && v.length <= 320 && /^[^\s@<>]+@[^\s@<>]+$/.test(v);

/** Validates a message from the webview; anything malformed is dropped. The webview is not trusted blindly. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !FROM_WEBVIEW_TYPES.has(m.type)) return undefined;
  switch (m.type) {
    case 'setPeriod':
      return isPeriodPreset(m.preset) ? { type: 'setPeriod', preset: m.preset } : undefined;
    case 'openCommit':
    case 'openCommitOnWeb':
      return isString(m.repo) && isString(m.commit) && /^[0-9a-f]{7,64}$/i.test(m.commit) ? { type: m.type, repo: m.repo, commit: m.commit } : undefined;
    case 'addAlias':
      if (m.email === undefined) return { type: 'addAlias' };
      return isEmail(m.email) ? { type: 'addAlias', email: m.email } : undefined;
    case 'markNotPerson':
      return isEmail(m.email) ? { type: 'markNotPerson', email: m.email } : undefined;
    case 'openWin':
      return isString(m.id) ? { type: 'openWin', id: m.id } : undefined;
    case 'openSettings':
      if (m.setting === undefined) return { type: 'openSettings' };
      return m.setting === 'repositories' ? { type: 'openSettings', setting: 'repositories' } : undefined;
    case 'curateEvidence':
      return isExpectationId(m.expectation) && isEvidenceRef(m.commit) && (CURATE_ACTIONS as readonly unknown[]).includes(m.action)
        ? { type: 'curateEvidence', expectation: m.expectation, commit: m.commit, action: m.action as CurateAction }
        : undefined;
    case 'writeStatement':
    case 'draftStatement':
      return isExpectationId(m.expectation) ? { type: m.type, expectation: m.expectation } : undefined;
    case 'completeGoal':
      if (m.id === undefined) return { type: 'completeGoal' };
      return isString(m.id) ? { type: 'completeGoal', id: m.id } : undefined;
    case 'openProblem':
      return isString(m.file) && Number.isInteger(m.line) && (m.line as number) >= 1
        ? { type: 'openProblem', file: m.file, line: m.line as number }
        : undefined;
    default:
      return { type: m.type } as FromWebview;
  }
}
