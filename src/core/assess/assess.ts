import type { EvidenceItem, Level, Signal, Status } from '../model';

export type Visibility = 'visible' | 'not-recorded-here' | 'not-in-git';

import type { Note } from '../notes/notesStore';
import type { Framework } from '../framework/types';

export interface ExpectationResult {
  id: string;
  level: Level;
  area: string;
  areaTitle: string;
  title: string;
  description: string;
  status: Status;
  /** Distinct commits and notes that count towards it. */
  evidence: number;
  demonstratedAt: number;
  gitVisible: boolean;
  /**
   * `not-in-git`: no git signal exists for it (only logged wins show it); `not-recorded-here`: the repositories'
   * workflow records none of its signals (reviews under squash merges) and nothing imported brings them.
   */
  visibility: Visibility;
  /** Empty when demonstrated. */
  nextStep: string;
  /** Indexes into the analysis' `evidence` array, newest first. */
  items: number[];
  /** Evidence per month for the last six months of the period, oldest first. */
  trend: number[];
}

export function winEvidence(note: Note): EvidenceItem {
  return {
    kind: 'win',
    signal: 'win.logged',
    repo: '',
    commit: note.id,
    date: note.date,
    summary: note.impact ? `${note.title}: ${note.impact}` : note.title,
    subject: note.title,
    people: [],
    paths: [note.file],
    weight: 1,
  };
}

function monthsBack(end: Date, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(end.getFullYear(), end.getMonth() - i, 1);
    out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Two ascending lists of distinct numbers as one. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  if (!a.length) return b.slice();
  if (!b.length) return a.slice();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]! < b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * Maps evidence onto the framework. An expectation is demonstrated when the distinct commits and notes behind it
 * reach its threshold, partial when there is some, and "none" otherwise. Wins count for the expectations they name.
 */
export function assess(
  framework: Framework,
  evidence: EvidenceItem[],
  notes: Note[],
  periodEnd: Date,
  /** Signals the analysed repositories cannot record (see Visibility), and the next step that says how to bring them in. */
  unrecorded: { signals: ReadonlySet<Signal>; nextStep: string } = { signals: new Set(), nextStep: '' },
): ExpectationResult[] {
  const months = monthsBack(periodEnd, 6);
  const winsById = new Map(notes.map(n => [n.id, n] as const));
  // Each item's signal, source (a commit in a repository, or a note) and commit as numbers, and the trend month it
  // falls in (-1 for none): the passes per expectation below then compare numbers and stamp tables, not strings.
  const signalIds = new Map<string, number>();
  const commitIds = new Map<string, number>();
  const commitRepo: string[] = [];
  // A commit is one source; the same SHA in another repository (a fork, say) is another, numbered after all commits.
  const otherSources = new Map<string, number>();
  const signalOf = new Int32Array(evidence.length);
  const sourceOf = new Int32Array(evidence.length);
  const commitOf = new Int32Array(evidence.length);
  const monthOf = new Int8Array(evidence.length);
  const wins: number[] = [];
  // Each signal's items, in evidence order: an expectation gathers its own signals' items instead of every item.
  const itemsOfSignal: number[][] = [];
  let lastDate = '';
  let lastMonth = -1;
  evidence.forEach((e, i) => {
    let signal = signalIds.get(e.signal);
    if (signal === undefined) {
      signalIds.set(e.signal, (signal = signalIds.size));
      itemsOfSignal.push([]);
    }
    signalOf[i] = signal;
    itemsOfSignal[signal]!.push(i);
    if (e.signal === 'win.logged') wins.push(i);
    let c = commitIds.get(e.commit);
    if (c === undefined) {
      commitIds.set(e.commit, (c = commitRepo.length));
      commitRepo.push(e.repo);
    }
    commitOf[i] = c;
    if (commitRepo[c] === e.repo) sourceOf[i] = c;
    else {
      const key = `${e.repo}\n${e.commit}`;
      let other = otherSources.get(key);
      if (other === undefined) otherSources.set(key, (other = otherSources.size));
      sourceOf[i] = -1 - other;
    }
    if (e.date !== lastDate) {
      lastDate = e.date;
      lastMonth = months.indexOf(e.date.slice(0, 7));
    }
    monthOf[i] = lastMonth;
  });
  for (let i = 0; i < evidence.length; i++) if (sourceOf[i]! < 0) sourceOf[i] = commitRepo.length - 1 - sourceOf[i]!;
  const sourceStamp = new Int32Array(commitRepo.length + otherSources.size).fill(-1);
  const commitStamp = new Int32Array(commitRepo.length * months.length).fill(-1);
  const newestFirst = evidence.every((e, i) => i === 0 || evidence[i - 1]!.date >= e.date);
  const winSignal = signalIds.get('win.logged');
  return framework.expectations.map((exp, x) => {
    // An expectation's items: evidence of its signals, and the wins that name it, in evidence order, which is what
    // the panel and the packet show: newest first, and in evidence order within a day (for evidence not sorted by
    // date, they are sorted so).
    const lists = [...new Set(exp.signals)].flatMap(signal => {
      const id = signalIds.get(signal);
      return id !== undefined && id !== winSignal ? [itemsOfSignal[id]!] : [];
    });
    lists.push(wins.filter(i => winsById.get(evidence[i]!.commit)?.expectations.includes(exp.id)));
    const items = lists.reduce(mergeAscending, []);
    if (!newestFirst) items.sort((a, b) => (evidence[b]!.date > evidence[a]!.date ? 1 : evidence[b]!.date < evidence[a]!.date ? -1 : a - b));
    let count = 0;
    const trend = months.map(() => 0);
    for (const i of items) {
      const source = sourceOf[i]!;
      if (sourceStamp[source] !== x) {
        sourceStamp[source] = x;
        count++;
      }
      const month = monthOf[i]!;
      const slot = commitOf[i]! * months.length + month;
      if (month >= 0 && commitStamp[slot] !== x) {
        commitStamp[slot] = x;
        trend[month]!++;
      }
    }
    const status: Status = count >= exp.demonstratedAt ? 'demonstrated' : count > 0 ? 'partial' : 'none';
    const gitSignals = exp.signals.filter(s => s !== 'win.logged');
    const visibility: Visibility =
      !exp.gitVisible || gitSignals.length === 0 ? 'not-in-git' : gitSignals.every(s => unrecorded.signals.has(s)) ? 'not-recorded-here' : 'visible';
    return {
      id: exp.id,
      level: exp.level,
      area: exp.area,
      areaTitle: framework.areas.find(a => a.id === exp.area)?.title ?? exp.area,
      title: exp.title,
      description: exp.description,
      status,
      evidence: count,
      demonstratedAt: exp.demonstratedAt,
      gitVisible: exp.gitVisible,
      visibility,
      nextStep: status === 'demonstrated' ? '' : visibility === 'not-recorded-here' ? unrecorded.nextStep : exp.nextStep,
      items,
      trend,
    };
  });
}
