import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, stringify, isMap, isSeq, type Node as YamlNode, type Document } from 'yaml';
import { SIGNALS, isSignal, type Level } from '../model';
import type { Area, Expectation, Framework } from './types';
import { TRACKS, isTrack, type Track } from '../plan/profile';

/** A problem in a user's file, located precisely enough to fix it. */
export class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${field ? field + ': ' : ''}${detail}`);
    this.name = 'FileProblem';
  }
}

const LEVELS: readonly Level[] = ['mid', 'senior'];

/** Parses and validates a framework file; the first problem is thrown with its file, line and field. */
export function parseFramework(text: string, file: string): Framework {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new FileProblem(file, e.linePos?.[0]?.line ?? 1, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const fail = (node: YamlNode | null | undefined, field: string, detail: string): never => {
    throw new FileProblem(file, lineOf(node), field, detail);
  };
  const root = doc.contents;
  if (!isMap(root)) fail(root, '', 'expected a mapping with name, areas and expectations');
  const get = (path: (string | number)[]) => doc.getIn(path, true) as YamlNode | undefined;
  const str = (path: (string | number)[], field: string, required = true): string => {
    const node = get(path);
    const value = doc.getIn(path);
    if (value === undefined || value === null) {
      if (required) fail(node ?? root, field, 'is required');
      return '';
    }
    if (typeof value !== 'string' || !value.trim()) fail(node, field, 'must be a non-empty string');
    return (value as string).trim();
  };

  const name = str(['name'], 'name');
  const areasNode = get(['areas']);
  if (!isSeq(areasNode) || areasNode.items.length === 0) fail(areasNode ?? root, 'areas', 'must be a non-empty list');
  const areas: Area[] = [];
  (areasNode as { items: unknown[] }).items.forEach((_, i) => {
    const id = str(['areas', i, 'id'], `areas[${i}].id`);
    if (areas.some(a => a.id === id)) fail(get(['areas', i, 'id']), `areas[${i}].id`, `duplicate area id "${id}"`);
    areas.push({ id, title: str(['areas', i, 'title'], `areas[${i}].title`) });
  });

  const expNode = get(['expectations']);
  if (!isSeq(expNode) || expNode.items.length === 0) fail(expNode ?? root, 'expectations', 'must be a non-empty list');
  const expectations: Expectation[] = [];
  (expNode as { items: unknown[] }).items.forEach((_, i) => {
    const at = (field: string) => `expectations[${i}].${field}`;
    const id = str(['expectations', i, 'id'], at('id'));
    if (!/^[A-Za-z0-9._-]+$/.test(id)) fail(get(['expectations', i, 'id']), at('id'), 'use letters, digits, dots, dashes and underscores only');
    if (expectations.some(e => e.id === id)) fail(get(['expectations', i, 'id']), at('id'), `duplicate expectation id "${id}"`);
    const level = str(['expectations', i, 'level'], at('level'));
    if (!LEVELS.includes(level as Level)) fail(get(['expectations', i, 'level']), at('level'), `must be one of ${LEVELS.join(', ')}`);
    const area = str(['expectations', i, 'area'], at('area'));
    if (!areas.some(a => a.id === area))
      fail(get(['expectations', i, 'area']), at('area'), `unknown area "${area}" (areas: ${areas.map(a => a.id).join(', ')})`);
    const signalsNode = get(['expectations', i, 'signals']);
    const rawSignals = doc.getIn(['expectations', i, 'signals']);
    const signals: Expectation['signals'] = [];
    if (rawSignals !== undefined && rawSignals !== null) {
      if (!isSeq(signalsNode)) fail(signalsNode, at('signals'), 'must be a list of signal names');
      (signalsNode as { items: unknown[] }).items.forEach((__, j) => {
        const s = doc.getIn(['expectations', i, 'signals', j]);
        if (typeof s !== 'string' || !isSignal(s)) {
          fail(get(['expectations', i, 'signals', j]), `${at('signals')}[${j}]`, `unknown signal "${String(s)}" (known: ${Object.keys(SIGNALS).join(', ')})`);
        }
        signals.push(s as Expectation['signals'][number]);
      });
    }
    const threshold = doc.getIn(['expectations', i, 'demonstratedAt']) ?? 1;
    if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1) {
      fail(get(['expectations', i, 'demonstratedAt']), at('demonstratedAt'), 'must be a whole number of at least 1');
    }
    const visible = doc.getIn(['expectations', i, 'gitVisible']);
    if (visible !== undefined && typeof visible !== 'boolean') fail(get(['expectations', i, 'gitVisible']), at('gitVisible'), 'must be true or false');
    expectations.push({
      id,
      level: level as Level,
      area,
      title: str(['expectations', i, 'title'], at('title')),
      description: str(['expectations', i, 'description'], at('description'), false),
      signals,
      demonstratedAt: threshold as number,
      nextStep: str(['expectations', i, 'nextStep'], at('nextStep'), false) || 'Log a win that shows this expectation.',
      gitVisible: typeof visible === 'boolean' ? visible : signals.length > 0,
    });
  });
  const levels = LEVELS.map(id => ({ id, title: readLevelTitle(doc, id) }));
  const tracks = readTracks(doc, expectations, get, fail);
  return { name, source: file, levels, areas, expectations, ...(tracks ? { tracks } : {}) };
}

/** The optional `tracks:` mapping: per track, a list of expectation ids it leads with. */
function readTracks(
  doc: Document,
  expectations: Expectation[],
  get: (path: (string | number)[]) => YamlNode | undefined,
  fail: (node: YamlNode | null | undefined, field: string, detail: string) => never,
): Framework['tracks'] {
  const raw = doc.getIn(['tracks']);
  if (raw === undefined || raw === null) return undefined;
  const node = get(['tracks']);
  if (!isMap(node)) return fail(node, 'tracks', `must map ${TRACKS.join(', ')} to lists of expectation ids`);
  const tracks: NonNullable<Framework['tracks']> = {};
  for (const pair of node.items) {
    const track = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!isTrack(track)) fail(pair.key as YamlNode, 'tracks', `unknown track "${track}" (tracks: ${TRACKS.join(', ')})`);
    const list = get(['tracks', track]);
    if (!isSeq(list)) fail(list ?? node, `tracks.${track}`, 'must be a list of expectation ids');
    tracks[track as Track] = (list as { items: unknown[] }).items.map((_, j) => {
      const id = doc.getIn(['tracks', track, j]);
      if (typeof id !== 'string' || !expectations.some(e => e.id === id))
        fail(get(['tracks', track, j]), `tracks.${track}[${j}]`, `unknown expectation "${String(id)}"`);
      return id as string;
    });
  }
  return tracks;
}

function readLevelTitle(doc: Document, id: Level): string {
  const titles = doc.getIn(['levels', id]);
  if (typeof titles === 'string' && titles.trim()) return titles.trim();
  return id === 'mid' ? 'Mid-level engineer' : 'Senior engineer';
}

export async function loadFramework(file: string): Promise<Framework> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FileProblem(file, 1, '', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseFramework(text, file);
}

/** The framework as an editable YAML file, with a header that lists every signal it may use. */
export function frameworkToYaml(framework: Framework): string {
  const header = [
    '# Growth Ledger framework. Edit freely: Growth Ledger reloads it when it changes.',
    '# Each expectation counts evidence from the signals listed under it; `demonstratedAt` pieces of evidence in the',
    '# review period demonstrate it, fewer show it as partial. A logged win linked to an expectation counts as one.',
    '# Set gitVisible: false (and no signals) for behaviour that only logged wins can show.',
    '# tracks (optional): per career track (ic, manager, hybrid), the expectations the panel and packet show first.',
    '# Signals:',
    ...Object.entries(SIGNALS).map(([id, text]) => `#   ${id}: ${text}`),
    '',
  ].join('\n');
  const body = {
    name: framework.name,
    levels: Object.fromEntries(framework.levels.map(l => [l.id, l.title])),
    areas: framework.areas,
    expectations: framework.expectations.map(e => ({
      id: e.id,
      level: e.level,
      area: e.area,
      title: e.title,
      description: e.description,
      signals: e.signals,
      demonstratedAt: e.demonstratedAt,
      gitVisible: e.gitVisible,
      nextStep: e.nextStep,
    })),
    ...(framework.tracks ? { tracks: framework.tracks } : {}),
  };
  return header + stringify(body, { lineWidth: 0 });
}
