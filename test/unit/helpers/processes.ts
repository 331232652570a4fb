import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** Bundles a small script that uses the real project code, for a child process we can kill or confine. */
export function bundle(outfile: string, contents: string): void {
  buildSync({
    stdin: { contents, resolveDir: path.join(__dirname, '../../..'), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
  });
}

/** Runs `shell` with a fresh tmpfs mounted at `mountPoint` (as root, or in a user namespace), then unmounts it. */
export function withTmpfs(mountPoint: string, options: string, shell: string): string {
  const script = `mount -t tmpfs -o ${options} tmpfs '${mountPoint}' && { ${shell}; }; code=$?; umount '${mountPoint}'; exit $code`;
  const [command, args] = process.getuid?.() === 0 ? ['sh', ['-c', script]] : ['unshare', ['-Urm', 'sh', '-c', script]];
  return execFileSync(command, args, { encoding: 'utf8' });
}
