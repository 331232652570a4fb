// A generated history of tens of thousands of commits (bench/generateHistory.mjs), long enough to scan that the
// extension host's responsiveness during a scan, and cancelling one half-way, can be observed.
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
