import type { Analysis, AnalyzeOptions } from '../../core/analyze';
import type { AnalysisProgress } from '../../core/repoAnalysis';
import type { AnalysisView } from '../../protocol/messages';
import { GitError, type GitErrorCode } from '../../core/git/exec';
import { FileProblem } from '../../core/framework/loader';
import { PeriodError } from '../../core/period';

/**
 * The channel between the extension host's scan client (./client) and the scan worker (./worker, bundled as
 * dist/scanWorker.js), one union for each direction. Everything here crosses a thread by structured clone: plain data
 * only, no functions. This file must not import `vscode` (lint rule), since the worker loads it too.
 */

/** What the worker needs to run analyze(): its options minus those that cannot cross a thread (the worker keeps its own memory). */
export type ScanOptions = Omit<AnalyzeOptions, 'signal' | 'onProgress' | 'memory'>;

/** An error as it crosses the thread: enough to rebuild the class the extension's error handling tests for. */
export type ScanError =
  | { kind: 'git'; name: string; message: string; code: GitErrorCode; stderr: string }
  | { kind: 'file'; name: string; message: string; file: string; line: number; field: string; detail: string }
  | { kind: 'period'; name: string; message: string }
  | { kind: 'other'; name: string; message: string; stack?: string };

/** What the host asks of the worker. */
export type ToScanWorker =
  /**
   * Run analyze(); scans run one after another, each known by its id. With `view`, the panel's view of the analysis
   * is sent ahead of the analysis itself (see `assessed`).
   */
  | { type: 'scan'; id: number; options: ScanOptions; view?: { remoteLinks: boolean } }
  /** Stop that scan; the worker aborts analyze(), which cleans up (temporary cache files) and reports cancelled. */
  | { type: 'cancel'; id: number }
  /** Finish what was asked (and the writes after it), then end. */
  | { type: 'stop' };

/** What the worker reports of a scan. */
export type FromScanWorker =
  | { type: 'progress'; id: number; progress: AnalysisProgress }
  /**
   * Before `done` when the scan asked for it: what the panel shows, a few kilobytes. The whole analysis of a long
   * history is megabytes, and copying it between threads takes longer than an incremental analysis, so the panel is
   * refreshed from this instead of waiting for it.
   */
  | { type: 'assessed'; id: number; view: AnalysisView; identity: Analysis['identity'] }
  /** The scan's last message: the analysis. */
  | { type: 'done'; id: number; analysis: Analysis }
  /** The scan's last message: analyze() failed (or was cancelled: a GitError with code `cancelled`). */
  | { type: 'error'; id: number; error: ScanError };

export function toScanError(error: unknown): ScanError {
  if (error instanceof GitError) return { kind: 'git', name: error.name, message: error.message, code: error.code, stderr: error.stderr };
  if (error instanceof FileProblem) {
    return { kind: 'file', name: error.name, message: error.message, file: error.file, line: error.line, field: error.field, detail: error.detail };
  }
  if (error instanceof PeriodError) return { kind: 'period', name: error.name, message: error.message };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { kind: 'other', name: 'Error', message: String(error) };
}

/** The error the worker reported, as an instance of the class it was thrown as. */
export function fromScanError(error: ScanError): Error {
  switch (error.kind) {
    case 'git':
      return new GitError(error.code, error.message, error.stderr);
    case 'file':
      return new FileProblem(error.file, error.line, error.field, error.detail);
    case 'period':
      return new PeriodError(error.message);
    case 'other': {
      const e = new Error(error.message);
      e.name = error.name;
      if (error.stack) e.stack = error.stack;
      return e;
    }
    default: {
      const unreachable: never = error;
      return new Error(`unknown error from the scan worker: ${JSON.stringify(unreachable)}`);
    }
  }
}
