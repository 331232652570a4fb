// Multi-root workspace: the sample repository, a second git repository and a folder without git.
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
