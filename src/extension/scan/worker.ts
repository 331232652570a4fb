import { parentPort } from 'node:worker_threads';
import { analyze } from '../../core/analyze';
import { GitError } from '../../core/git/exec';
import { createAnalysisMemory } from '../../core/repoAnalysis';
import { saveResults } from '../../core/resultStore';
import { toScanError, type FromScanWorker, type ScanOptions, type ToScanWorker } from './messages';
import { toAnalysisView } from '../viewModel';

/**
 * The scan worker (bundled as dist/scanWorker.js): runs analyze() on its own thread, so parsing a long history and
 * running the detectors never blocks the extension host. It lives across scans and keeps each repository's parsed
 * history and last result in memory, so a refresh after a commit reads only that commit. Scans run one at a time, in
 * the order asked. A `cancel` aborts a scan the ordinary way, so whatever analyze() cleans up on a cancel (the cache's
 * temporary file) is cleaned up before the worker reports it.
 */
const port = parentPort;
const SAVE_AFTER_MS = 1500;
if (port) {
  const memory = createAnalysisMemory();
  const running = new Map<number, AbortController>();
  const post = (message: FromScanWorker) => port.postMessage(message);
  let queue = Promise.resolve();

  const scan = async (id: number, options: ScanOptions, view: { remoteLinks: boolean } | undefined, controller: AbortController) => {
    try {
      if (controller.signal.aborted) throw new GitError('cancelled', 'cancelled');
      const analysis = await analyze({
        ...options,
        memory,
        signal: controller.signal,
        onProgress: progress => post({ type: 'progress', id, progress }),
      });
      if (view) post({ type: 'assessed', id, view: toAnalysisView(analysis, view.remoteLinks), identity: analysis.identity });
      post({ type: 'done', id, analysis });
    } catch (error) {
      post({ type: 'error', id, error: toScanError(error) });
    } finally {
      running.delete(id);
    }
    scheduleSave();
  };

  // The stored results are for the next window, and a long history's run to megabytes: they are written once the
  // worker has had no scan for a moment (and before it ends), not after every refresh of a busy session.
  let saveTimer: NodeJS.Timeout | undefined;
  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => (queue = queue.then(() => saveResults(memory))), SAVE_AFTER_MS);
  };

  port.on('message', (message: ToScanWorker) => {
    switch (message.type) {
      case 'scan': {
        const controller = new AbortController();
        running.set(message.id, controller);
        clearTimeout(saveTimer);
        queue = queue.then(() => scan(message.id, message.options, message.view, controller));
        break;
      }
      case 'cancel':
        running.get(message.id)?.abort();
        break;
      case 'stop':
        clearTimeout(saveTimer);
        queue = queue.then(() => saveResults(memory)).then(() => port.close()); // with nothing left to listen to, the thread ends
        break;
      default: {
        const unreachable: never = message;
        void unreachable; // nothing else is ever sent; a stray message changes nothing
      }
    }
  });
}
