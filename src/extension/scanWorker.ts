import { parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../core/analyze';
import { toScanError, type ScanMessage, type ScanOptions } from './scanMessages';

/**
 * The scan worker (bundled as dist/scanWorker.js): runs analyze() on its own thread, so parsing a long history and
 * running the detectors never blocks the extension host. The options arrive as `workerData`; progress, then one `done`
 * or `error` go back. A `cancel` aborts the analysis the ordinary way, so whatever analyze() cleans up on a cancel (the
 * cache's temporary file) is cleaned up before the worker reports it.
 */
const port = parentPort;
if (port) {
  const controller = new AbortController();
  const post = (message: ScanMessage) => port.postMessage(message);
  port.on('message', (message: ScanMessage) => {
    switch (message.type) {
      case 'cancel':
        controller.abort();
        break;
      case 'progress':
      case 'done':
      case 'error':
        break; // only the worker sends these
      default: {
        const unreachable: never = message;
        void unreachable; // nothing else is ever sent; a stray message changes nothing
      }
    }
  });
  // Listening must not keep the thread alive: once analyze() settles and the last message is out, the worker ends.
  port.unref();
  analyze({ ...(workerData as ScanOptions), signal: controller.signal, onProgress: p => post({ type: 'progress', repo: p.repo, commits: p.commits }) }).then(
    analysis => post({ type: 'done', analysis }),
    (error: unknown) => post({ type: 'error', error: toScanError(error) }),
  );
}
