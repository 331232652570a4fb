// The integration suite's entry point: a mocha `run()` module loaded by the extension host (code-server through
// test/e2e/runExtensionHostTests.mjs, or desktop VS Code through test/integration/runElectron.mjs). It runs every
// *.test.js next to it with the tdd UI (suite/test/suiteSetup). Other suites (multiRoot/, untrusted/) reuse it:
//   exports.run = () => require('../index.js').runFolder(__dirname);
// When E2E_RESULTS_DIR is set (the harness sets it on code-server, whose extension hosts inherit it), the counts are
// also written to E2E_RESULTS_DIR/<folder name>.json for the final "e2e: N passed, N failed" line.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const Mocha = require('mocha');

// In the browser (code-server) the extension host's console reaches the harness mixed with the workbench's own log
// lines: a marker at the start of every line mocha's reporter prints lets the harness show just those. (The extension
// host makes console.log read-only, so only the reporter is marked; other console output shows with VERBOSE=1.)
const MARK = '\u2063';
if (vscode.env.uiKind === vscode.UIKind.Web && !Mocha.reporters.Base.consoleLog.marked) {
  const log = Mocha.reporters.Base.consoleLog;
  const marked = (...args) => (typeof args[0] === 'string' ? log(MARK + args[0], ...args.slice(1)) : log(MARK, ...args));
  marked.marked = true;
  Mocha.reporters.Base.consoleLog = marked;
}

/** @param {string} dir  folder whose *.test.js files to run */
function runFolder(dir, options = {}) {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', ...options });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const result = { suite: path.basename(dir), passes: 0, failures: 0, pending: 0, failed: [] };
    const write = () => {
      const out = process.env.E2E_RESULTS_DIR;
      if (!out) return;
      try {
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, `${result.suite}.json`), JSON.stringify(result, null, 2));
      } catch (e) {
        console.error(`could not write the results file: ${e.message}`);
      }
    };
    try {
      const runner = mocha.run(failures => {
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
      runner.on('pass', () => result.passes++);
      runner.on('pending', () => result.pending++);
      runner.on('fail', (test, err) => {
        result.failures++;
        result.failed.push({ title: test.fullTitle(), error: String((err && err.message) || err) });
      });
    } catch (err) {
      result.failures++;
      result.failed.push({ title: '(loading the suite)', error: String((err && err.stack) || err) });
      write();
      reject(err);
    }
  });
}

/** Prints a line with the test output (figures a test measured: timings, memory); console.log would not reach it. */
function report(...args) {
  Mocha.reporters.Base.consoleLog(...args);
}

exports.runFolder = runFolder;
exports.report = report;
exports.run = () => runFolder(__dirname);
