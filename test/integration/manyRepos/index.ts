// Fifty small repositories in one multi-root workspace (made by test/e2e/manyRepos.mjs, with expected.json beside it).
import { runFolder } from '../index';

export const run = () => runFolder(__dirname);
