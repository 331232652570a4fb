// The integration suite's entry point: a mocha `run()` module loaded by the extension host (code-server through
// test/e2e/runExtensionHostTests.mjs, or desktop VS Code through test/integration/runElectron.mjs). It runs every
// *.test.js next to it with the tdd UI (suite/test/suiteSetup): the tests are written in TypeScript and run compiled,
// from dist/test/integration/ (test/integration/build.mjs). Other suites (multiRoot/, untrusted/) reuse it:
//   export const run = () => runFolder(__dirname);   (with `import { runFolder } from '../index'`)
// When E2E_RESULTS_DIR is set (the harness sets it on code-server, whose extension hosts inherit it), the counts are
// also written to E2E_RESULTS_DIR/<folder name>.json for the final "e2e: N passed, N failed" line.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

// In the browser (code-server) the extension host's console reaches the harness mixed with the workbench's own log
// lines: a marker at the start of every line mocha's reporter prints lets the harness show just those. (The extension
// host makes console.log read-only, so only the reporter is marked; other console output shows with VERBOSE=1.)
const MARK = '\u2063';
type ConsoleLog = typeof Mocha.reporters.Base.consoleLog & { marked?: boolean };
if (vscode.env.uiKind === vscode.UIKind.Web && !(Mocha.reporters.Base.consoleLog as ConsoleLog).marked) {
  const log = Mocha.reporters.Base.consoleLog;
  const marked: ConsoleLog = (...args: unknown[]) => (typeof args[0] === 'string' ? log(MARK + args[0], ...args.slice(1)) : log(MARK, ...args));
  marked.marked = true;
  Mocha.reporters.Base.consoleLog = marked;
}

interface SuiteResult {
  suite: string;
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; error: string }[];
}

const messageOf = (err: unknown, key: 'message' | 'stack') => String((err && (err as Record<string, unknown>)[key]) || err);

/** Runs the *.test.js files of a folder. */
export function runFolder(dir: string, options: Mocha.MochaOptions = {}): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', ...options });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const result: SuiteResult = { suite: path.basename(dir), passes: 0, failures: 0, pending: 0, failed: [] };
    const write = () => {
      const out = process.env.E2E_RESULTS_DIR;
      if (!out) return;
      try {
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, `${result.suite}.json`), JSON.stringify(result, null, 2));
      } catch (e) {
        console.error(`could not write the results file: ${messageOf(e, 'message')}`);
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
        result.failed.push({ title: test.fullTitle(), error: messageOf(err, 'message') });
      });
    } catch (err) {
      result.failures++;
      result.failed.push({ title: '(loading the suite)', error: messageOf(err, 'stack') });
      write();
      reject(err);
    }
  });
}

/** Prints a line with the test output (figures a test measured: timings, memory); console.log would not reach it. */
export function report(...args: unknown[]): void {
  Mocha.reporters.Base.consoleLog(...args);
}

export const run = () => runFolder(__dirname);
