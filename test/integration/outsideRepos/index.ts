// The sample repository as the workspace, and growthLedger.repositories (user settings) naming a folder outside it
// with the payments web app and an empty repository; the workspace's own settings name another folder, which must
// be ignored. test/e2e/runAll.mjs lays the folders out (see there); the test finds them beside the workspace folder.
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
