// A single large repository (tens of thousands of commits by bench/generateHistory.mjs), where a scan takes long enough to be
// cancelled while it runs.
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
