import type { Level, Signal } from '../model';
import type { Track } from '../plan/profile';

export interface Expectation {
  /** Stable id, e.g. `senior.mentoring`; wins refer to it. */
  id: string;
  level: Level;
  /** Area id, e.g. `ownership`. */
  area: string;
  title: string;
  description: string;
  /** The evidence signals that count towards this expectation. Empty when git cannot see it. */
  signals: Signal[];
  /** How many pieces of evidence (commits or logged wins) demonstrate it. */
  demonstratedAt: number;
  /** Concrete advice when the expectation is not yet demonstrated. */
  nextStep: string;
  /** False for expectations git history cannot show (negotiation, stakeholders): only logged wins count. */
  gitVisible: boolean;
}

export interface Area {
  id: string;
  title: string;
}

export interface Framework {
  name: string;
  /** Where it came from: `built-in` or a file path. */
  source: string;
  levels: { id: Level; title: string }[];
  areas: Area[];
  expectations: Expectation[];
  /**
   * Per career track, the expectations it leads with (ids, in order): the panel and the packet show them first when
   * that track is chosen. Optional; a track without a list keeps the framework's order.
   */
  tracks?: Partial<Record<Track, string[]>>;
}
