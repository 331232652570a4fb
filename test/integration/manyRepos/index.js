// Fifty small repositories in one multi-root workspace (made by test/e2e/manyRepos.mjs, with expected.json beside it).
exports.run = () => require('../index.js').runFolder(__dirname);
