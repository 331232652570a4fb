import { Worker } from 'node:worker_threads';
import type { Analysis } from '../../core/analyze';
import type { AnalysisProgress } from '../../core/repoAnalysis';
import { GitError } from '../../core/git/exec';
import type { AnalysisView } from '../../protocol/messages';
import { fromScanError, type FromScanWorker, type ScanOptions, type ToScanWorker } from './messages';

export interface ScanRun {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
  /** The panel's view of the analysis, as soon as it is ready: before the whole analysis has crossed the thread. */
  onAssessed?: (view: AnalysisView, identity: Analysis['identity']) => void;
  /** For the view: whether evidence may offer a web link. */
  remoteLinks?: boolean;
}

interface Pending extends ScanRun {
  /** The worker the scan was sent to. */
  worker: Worker;
  resolve(analysis: Analysis): void;
  reject(error: Error): void;
  /** Stops listening to the run's signal. */
  release(): void;
  killTimer?: NodeJS.Timeout;
}

const cancelled = () => new GitError('cancelled', 'cancelled');

/**
 * The extension host's side of the scan worker (./worker): analyze() on a worker thread that stays up between scans, so it can keep parsed histories in memory; it ends after
 * `idleMs` without a scan (handing the memory back) and starts again on the next. Each run resolves with the
 * analysis, or rejects with the error analyze() threw, rebuilt as its class (GitError with its code, FileProblem,
 * PeriodError), so callers handle it as if analyze() had run here.
 *
 * An abort asks the worker to cancel, which lets it clean up; a worker that has not answered `cancelGraceMs` later is
 * terminated. Either way the run rejects with a `cancelled` GitError only once the worker has reported back or been
 * terminated, so a cancelled scan's clean-up is over when the caller hears of it.
 */
export class ScanClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    /** The built worker: dist/scanWorker.js, beside dist/extension.js. */
    private readonly workerFile: string,
    private readonly timing: { idleMs?: number; cancelGraceMs?: number } = {},
  ) {}

  /** The worker thread's id while one is running. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  run(options: ScanOptions, run: ScanRun = {}): Promise<Analysis> {
    return new Promise((resolve, reject) => {
      const { signal } = run;
      if (signal?.aborted) return reject(cancelled());
      let worker: Worker;
      try {
        worker = this.worker ?? this.start();
      } catch (error) {
        return reject(new Error(`The scan could not start (${this.workerFile}): ${error instanceof Error ? error.message : String(error)}`));
      }
      clearTimeout(this.idleTimer);
      const id = this.nextId++;
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies ToScanWorker);
        pending.killTimer = setTimeout(() => void worker.terminate(), this.timing.cancelGraceMs ?? 2000);
      };
      const pending: Pending = { ...run, worker, resolve, reject, release: () => signal?.removeEventListener('abort', onAbort) };
      this.pending.set(id, pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      const view = run.onAssessed ? { remoteLinks: run.remoteLinks ?? true } : undefined;
      worker.postMessage({ type: 'scan', id, options, ...(view ? { view } : {}) } satisfies ToScanWorker);
    });
  }

  /**
   * Lets the worker finish what it was asked (and write what it keeps for the next window), then end; it is
   * terminated if that takes longer than the cancel grace period. The next run starts a new worker.
   */
  dispose(): Promise<void> {
    const worker = this.detach();
    if (!worker) return Promise.resolve();
    const ended = new Promise<void>(resolve => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' } satisfies ToScanWorker);
    setTimeout(() => void worker.terminate(), this.timing.cancelGraceMs ?? 2000).unref();
    return ended;
  }

  /** Ends the worker at once, dropping its memory and anything it has not written; scans under way on it reject. */
  forget(): void {
    void this.detach()?.terminate();
  }

  private detach(): Worker | undefined {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    return worker;
  }

  private start(): Worker {
    // No execArgv from the host (inspector and other process-wide flags mean nothing to a worker).
    const worker = new Worker(this.workerFile, { execArgv: [], name: 'Growth Ledger scan' });
    this.worker = worker;
    const failAll = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, p] of [...this.pending]) {
        if (p.worker === worker) this.settle(id, () => (p.signal?.aborted ? cancelled() : new Error(`The scan stopped unexpectedly: ${reason}`)));
      }
    };
    worker.on('message', (message: FromScanWorker) => {
      switch (message.type) {
        case 'progress':
          this.pending.get(message.id)?.onProgress?.(message.progress);
          break;
        case 'assessed': {
          const pending = this.pending.get(message.id);
          if (pending && !pending.signal?.aborted) pending.onAssessed?.(message.view, message.identity);
          break;
        }
        case 'done':
          this.settle(message.id, p => (p.signal?.aborted ? cancelled() : message.analysis));
          break;
        case 'error':
          this.settle(message.id, () => fromScanError(message.error));
          break;
        default: {
          const unreachable: never = message;
          failAll(`unexpected message from the scan worker: ${JSON.stringify(unreachable)}`);
        }
      }
    });
    worker.on('messageerror', error => failAll(`its result could not be read: ${error.message}`));
    worker.on('error', error => failAll(error.message));
    worker.on('exit', code => failAll(`its worker exited (code ${code}) without a result`));
    return worker;
  }

  private settle(id: number, outcome: (pending: Pending) => Analysis | Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.killTimer);
    pending.release();
    const result = outcome(pending);
    if (result instanceof Error) pending.reject(result);
    else pending.resolve(result);
    if (this.pending.size === 0 && this.worker) {
      const worker = this.worker;
      this.idleTimer = setTimeout(
        () => {
          if (this.worker === worker && this.pending.size === 0) void this.dispose();
        },
        this.timing.idleMs ?? 5 * 60_000,
      );
      this.idleTimer.unref();
    }
  }
}
