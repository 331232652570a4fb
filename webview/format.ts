import * as l10n from '@vscode/l10n';

const numberFormat = new Intl.NumberFormat();
const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function count(n: number): string {
  return numberFormat.format(n);
}

/** `one` or `many` (each a translated template with {0} for the number), with the number filled in. */
export function plural(n: number, one: string, many: string): string {
  return (n === 1 ? one : many).replace('{0}', count(n));
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

/** Built when asked, not at load: the words come from the bundle the extension sends after the panel loads. */
const signalLabels = (): Record<string, string> => ({
  'ownership.mainDeveloper': l10n.t('Main developer'),
  'ownership.sustained': l10n.t('Sustained ownership'),
  'ownership.soleRecentAuthor': l10n.t('Only recent author'),
  'review.trailer': l10n.t('Review trailer'),
  'review.merge': l10n.t('Merged for others'),
  'review.applied': l10n.t('Applied a patch'),
  'review.vote': l10n.t('Gerrit vote'),
  'review.imported': l10n.t('Imported review'),
  'mentoring.trailer': l10n.t('Credited for help'),
  'mentoring.coauthor': l10n.t('Co-authored with a newcomer'),
  'mentoring.newcomerReview': l10n.t('Newcomer review'),
  'mentoring.helped': l10n.t('Helped once'),
  'delivery.mergedBranch': l10n.t('Branch merged'),
  'delivery.commits': l10n.t('Commits'),
  'collaboration.coauthor': l10n.t('Co-authored'),
  'collaboration.reviewedByOthers': l10n.t('Reviewed by others'),
  'consistency.activeWeek': l10n.t('Active week'),
  'diagnostics.fix': l10n.t('Root-caused fix'),
  'diagnostics.regressionTest': l10n.t('Regression test'),
  'communication.docs': l10n.t('Docs'),
  'communication.design': l10n.t('Design record'),
  'communication.detailedMessage': l10n.t('Detailed message'),
  'win.logged': l10n.t('Logged win'),
});

export function signalLabel(signal: string, kind: string): string {
  return signalLabels()[signal] ?? (kind ? kind.charAt(0).toUpperCase() + kind.slice(1) : signal);
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
