import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ScanClient } from '../../src/extension/scan/client';
import type { ScanOptions } from '../../src/extension/scan/messages';
import { buildKnownHistory } from './helpers/knownHistory';
import { cleanupTemps, tempDir } from './helpers/repoBuilder';

afterAll(cleanupTemps);

/** One scan on a worker of its own, ended afterwards. */
function scanOnce(
  options: ScanOptions,
  {
    workerFile,
    cancelGraceMs,
    ...run
  }: { workerFile: string; cancelGraceMs?: number; signal?: AbortSignal; onProgress?: (p: { repo: string; commits: number }) => void },
) {
  const client = new ScanClient(workerFile, cancelGraceMs === undefined ? {} : { cancelGraceMs });
  return client.run(options, run).finally(() => client.dispose());
}

/** Loaded before the CLI: any attempt to open a socket, resolve a name or make a request is recorded and refused. */
const TRAP = `
const fs = require('fs');
const log = process.env.NETWORK_LOG;
const refuse = name => function () { fs.appendFileSync(log, name + '\\n'); throw new Error('network use: ' + name); };
const net = require('net'), tls = require('tls'), dns = require('dns'), http = require('http'), https = require('https'), dgram = require('dgram');
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
dns.lookup = dns.resolve = refuse('dns');
dns.promises.lookup = dns.promises.resolve = refuse('dns.promises');
http.request = http.get = refuse('http');
https.request = https.get = refuse('https');
dgram.createSocket = refuse('dgram');
globalThis.fetch = refuse('fetch');
`;

describe('privacy', () => {
  it('analyses, writes a packet and logs a win without any network use', () => {
    const dir = tempDir();
    const cli = path.join(dir, 'cli.cjs');
    buildSync({
      entryPoints: [path.join(__dirname, '../../src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: cli,
      logLevel: 'silent',
    });
    const trap = path.join(dir, 'trap.cjs');
    writeFileSync(trap, TRAP);
    const networkLog = path.join(dir, 'network.log');
    writeFileSync(networkLog, '');
    const repo = buildKnownHistory().dir;
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['--require', trap, cli, ...args], { encoding: 'utf8', env: { ...process.env, NETWORK_LOG: networkLog } });
    expect(run('analyze', '--repo', repo, '--json')).toContain('"schemaVersion": 1');
    run('log-win', 'Private win', '--repo', repo);
    run('packet', '--repo', repo, '--out', path.join(dir, 'p.html'));
    expect(readFileSync(path.join(dir, 'p.html'), 'utf8')).toContain('Private win');
    expect(readFileSync(networkLog, 'utf8')).toBe('');
    // Control: the trap does fire when something reaches for the network.
    expect(() =>
      execFileSync(process.execPath, ['--require', trap, '-e', "require('dns').lookup('example.org', () => {})"], {
        env: { ...process.env, NETWORK_LOG: networkLog },
        stdio: 'pipe',
      }),
    ).toThrow();
    expect(readFileSync(networkLog, 'utf8')).toBe('dns\n');
  });

  it("the extension's scan worker analyses without any network use", async () => {
    // The extension runs analyses on a worker thread, out of reach of traps set on the host's thread: trap the worker's.
    const dir = tempDir();
    const worker = path.join(dir, 'scanWorker.cjs');
    buildSync({
      entryPoints: [path.join(__dirname, '../../src/extension/scan/worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: worker,
      logLevel: 'silent',
    });
    const networkLog = path.join(dir, 'network.log');
    writeFileSync(networkLog, '');
    const trapped = path.join(dir, 'trapped.cjs');
    writeFileSync(trapped, `process.env.NETWORK_LOG = ${JSON.stringify(networkLog)};\n${TRAP}\nrequire(${JSON.stringify(worker)});\n`);
    const repo = buildKnownHistory().dir;
    const analysis = await scanOnce({ repos: [repo], cacheDir: path.join(dir, 'cache') }, { workerFile: trapped });
    expect(analysis.repos[0]!.commitsScanned).toBeGreaterThan(10);
    expect(readFileSync(networkLog, 'utf8')).toBe('');
    // Control: the same trap in a worker records a lookup.
    const control = path.join(dir, 'control.cjs');
    writeFileSync(control, `process.env.NETWORK_LOG = ${JSON.stringify(networkLog)};\n${TRAP}\nrequire('dns').lookup('example.org', () => {});\n`);
    await expect(scanOnce({ repos: [] }, { workerFile: control })).rejects.toThrow(/network use: dns/);
    expect(readFileSync(networkLog, 'utf8')).toBe('dns\n');
  });
});
