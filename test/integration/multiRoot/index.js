// Multi-root workspace: the sample repository, a second git repository and a folder without git.
exports.run = () => require('../index.js').runFolder(__dirname);
