import { Worker } from 'node:worker_threads';
import type { Analysis } from '../core/analyze';
import { GitError } from '../core/git/exec';
import { fromScanError, type ScanMessage, type ScanOptions } from './scanMessages';

export interface WorkerRun {
  /** The built worker: dist/scanWorker.js, beside dist/extension.js. */
  workerFile: string;
  signal?: AbortSignal;
  onProgress?: (progress: { repo: string; commits: number }) => void;
  /** How long a cancelled worker has to clean up and report before it is terminated. */
  cancelGraceMs?: number;
}

const cancelled = () => new GitError('cancelled', 'cancelled');

/**
 * analyze() on a worker thread, one worker per scan. Resolves with the analysis, or rejects with the error analyze()
 * threw, rebuilt as its class (GitError with its code, FileProblem, PeriodError), so callers handle it as if analyze()
 * had run here. An abort asks the worker to cancel, which lets it clean up, and terminates it only if it has not
 * finished `cancelGraceMs` later; either way the promise rejects with a `cancelled` GitError, only once the worker has
 * reported back or been terminated (so a cancelled scan's clean-up is over when the caller hears of it).
 */
export function runAnalysisInWorker(options: ScanOptions, run: WorkerRun): Promise<Analysis> {
  const { workerFile, signal, onProgress, cancelGraceMs = 2000 } = run;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    let worker: Worker;
    try {
      // No execArgv from the host (inspector and other process-wide flags mean nothing to a worker).
      worker = new Worker(workerFile, { workerData: options, execArgv: [], name: 'Growth Ledger scan' });
    } catch (error) {
      reject(new Error(`The scan could not start (${workerFile}): ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (outcome: { analysis: Analysis } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      // The worker has said its last word; make sure it is gone (nothing happens if it already ended by itself).
      void worker.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.analysis);
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies ScanMessage);
      killTimer = setTimeout(() => void worker.terminate(), cancelGraceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: ScanMessage) => {
      switch (message.type) {
        case 'progress':
          onProgress?.({ repo: message.repo, commits: message.commits });
          break;
        case 'done':
          settle(signal?.aborted ? { error: cancelled() } : { analysis: message.analysis });
          break;
        case 'error':
          settle({ error: fromScanError(message.error) });
          break;
        case 'cancel':
          break; // only the host sends this
        default: {
          const unreachable: never = message;
          settle({ error: new Error(`unexpected message from the scan worker: ${JSON.stringify(unreachable)}`) });
        }
      }
    });
    worker.on('messageerror', error => settle({ error: new Error(`The scan's result could not be read: ${error.message}`) }));
    worker.on('error', error => settle({ error: signal?.aborted ? cancelled() : new Error(`The scan stopped unexpectedly: ${error.message}`) }));
    worker.on('exit', code =>
      settle({ error: signal?.aborted ? cancelled() : new Error(`The scan stopped unexpectedly: its worker exited (code ${code}) without a result`) }),
    );
  });
}
