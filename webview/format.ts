const numberFormat = new Intl.NumberFormat();
const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function count(n: number): string {
  return numberFormat.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** `YYYY-MM-DD` (or an ISO timestamp) as a short local date; anything else is shown as given. */
export function day(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
}

export function dateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

export function percent(share: number): string {
  const p = Math.round(Math.max(0, Math.min(1, share)) * 100);
  return `${p}%`;
}

export function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

const SIGNAL_LABELS: Record<string, string> = {
  'ownership.mainDeveloper': 'Main developer',
  'ownership.sustained': 'Sustained ownership',
  'ownership.soleRecentAuthor': 'Only recent author',
  'review.trailer': 'Review trailer',
  'review.merge': 'Merged for others',
  'review.applied': 'Applied a patch',
  'review.vote': 'Gerrit vote',
  'review.imported': 'Imported review',
  'mentoring.trailer': 'Credited for help',
  'mentoring.coauthor': 'Co-authored with a newcomer',
  'mentoring.newcomerReview': 'Newcomer review',
  'mentoring.helped': 'Helped once',
  'delivery.mergedBranch': 'Branch merged',
  'delivery.commits': 'Commits',
  'collaboration.coauthor': 'Co-authored',
  'collaboration.reviewedByOthers': 'Reviewed by others',
  'consistency.activeWeek': 'Active week',
  'diagnostics.fix': 'Root-caused fix',
  'diagnostics.regressionTest': 'Regression test',
  'communication.docs': 'Docs',
  'communication.design': 'Design record',
  'communication.detailedMessage': 'Detailed message',
  'win.logged': 'Logged win',
};

export function signalLabel(signal: string, kind: string): string {
  return SIGNAL_LABELS[signal] ?? (kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : signal);
}

const KIND_ICONS: Record<string, string> = {
  ownership: 'symbol-folder',
  review: 'git-pull-request',
  mentoring: 'mortar-board',
  delivery: 'git-merge',
  collaboration: 'organization',
  consistency: 'calendar',
  diagnostics: 'bug',
  communication: 'book',
  win: 'star-full',
};

export function kindIcon(kind: string): string {
  return KIND_ICONS[kind] ?? 'git-commit';
}

/** The last path segment, for narrow rows; the full path goes into the tooltip. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}
