import type { EvidenceItem, Level, Status } from '../model';
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

/**
 * Maps evidence onto the framework. An expectation is demonstrated when the distinct commits and notes behind it
 * reach its threshold, partial when there is some, and "none" otherwise. Wins count for the expectations they name.
 */
export function assess(framework: Framework, evidence: EvidenceItem[], notes: Note[], periodEnd: Date): ExpectationResult[] {
  const months = monthsBack(periodEnd, 6);
  const winsById = new Map(notes.map(n => [n.id, n] as const));
  // Grouped once by signal: a framework asks about each signal several times, and there may be tens of thousands.
  const bySignal = new Map<string, number[]>();
  evidence.forEach((e, i) => {
    const list = bySignal.get(e.signal);
    if (list) list.push(i);
    else bySignal.set(e.signal, [i]);
  });
  // Each item's source (a commit in a repository, or a note) as a number: counting distinct sources is then cheap.
  const ids = new Map<string, Map<string, number>>();
  let sources = 0;
  const sourceOf = evidence.map(e => {
    let inRepo = ids.get(e.repo);
    if (!inRepo) ids.set(e.repo, (inRepo = new Map()));
    let id = inRepo.get(e.commit);
    if (id === undefined) inRepo.set(e.commit, (id = sources++));
    return id;
  });
  const newestFirst = evidence.every((e, i) => i === 0 || evidence[i - 1]!.date >= e.date);
  return framework.expectations.map(exp => {
    const items = [...new Set(exp.signals)].filter(signal => signal !== 'win.logged').flatMap(signal => bySignal.get(signal) ?? []);
    for (const i of bySignal.get('win.logged') ?? []) if (winsById.get(evidence[i]!.commit)?.expectations.includes(exp.id)) items.push(i);
    // Newest first, and in evidence order within a day (which, for evidence already sorted by date, is index order).
    items.sort(newestFirst ? (a, b) => a - b : (a, b) => (evidence[b]!.date > evidence[a]!.date ? 1 : evidence[b]!.date < evidence[a]!.date ? -1 : a - b));
    const count = new Set(items.map(i => sourceOf[i])).size;
    const status: Status = count >= exp.demonstratedAt ? 'demonstrated' : count > 0 ? 'partial' : 'none';
    const trend = months.map(m => new Set(items.filter(i => evidence[i]!.date.startsWith(m)).map(i => evidence[i]!.commit)).size);
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
      nextStep: status === 'demonstrated' ? '' : exp.nextStep,
      items,
      trend,
    };
  });
}
