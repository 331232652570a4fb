import { main } from '../../../src/cli/main';

/** Runs the CLI in this process, as `growth-ledger ARGV…`, and returns its exit code and what it printed. */
export async function runCli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    s => void (stdout += s),
    s => void (stderr += s),
  );
  return { code, stdout, stderr };
}
