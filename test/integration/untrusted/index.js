// Workspace trust on and the folder not trusted (Restricted Mode).
exports.run = () => require('../index.js').runFolder(__dirname);
