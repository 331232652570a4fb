// Start and stop a throw-away code-server (VS Code 1.100.3 in the browser) for the integration and UI tests and for
// `npm run demo`. Everything it writes (user data, extensions, config, logs, unix sockets) stays under one run folder;
// no extension gallery, no telemetry, no update checks. Stopping kills the whole process group (server, extension
// hosts, file watchers, pty host).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_BIN = process.env.CODE_SERVER_BIN || path.join(PROJECT_ROOT, 'test/e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const EXTENSION_ID = 'growth-ledger.growth-ledger';
/** unix sockets (vscode-ipc-*.sock, vscode-git-*.sock) are created under the run folder: sun_path is 108 bytes. */
const MAX_RUN_DIR = 60;

/** What is missing to run a real VS Code here, as commands to run; empty when everything is in place. */
export function missingPrerequisites({ needBrowser = true, needBuild = true } = {}) {
  const missing = [];
  if (!existsSync(CODE_SERVER_BIN))
    missing.push(`code-server is not installed: run \`bash scripts/install-code-server.sh\` (expected ${path.relative(PROJECT_ROOT, CODE_SERVER_BIN)})`);
  if (needBrowser && !existsSync(CHROMIUM)) missing.push(`Chromium is not installed: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  if (needBuild && !existsSync(path.join(PROJECT_ROOT, 'dist/extension.js'))) missing.push('the extension is not built: run `npm run build`');
  return missing;
}

/** A TCP port nobody listens on right now (127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Resolves with the HTTP status of a GET, or 0 when nothing answers. */
export function httpStatus(url, timeoutMs = 2000) {
  return new Promise(resolve => {
    const req = http.get(url, res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve(0);
    });
  });
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Settings every throw-away instance starts with: quiet, offline, no tips, no telemetry. */
export function baseSettings({ trusted = true } = {}) {
  return {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.commandCenter.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  };
}

/** Environment for a child (code-server, Chromium) that keeps HOME, XDG dirs and TMPDIR inside `runDir`. */
export function isolatedEnv(runDir, extra = {}) {
  const home = path.join(runDir, 'home');
  const tmp = path.join(runDir, 'tmp');
  for (const d of [home, tmp]) mkdirSync(d, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    TMPDIR: tmp,
    XDG_RUNTIME_DIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    ...extra,
  };
}

/**
 * Starts code-server on 127.0.0.1 and waits for /healthz.
 * @param {object} o
 * @param {string} o.runDir        short folder for everything the server writes (created; keep it under ~60 chars)
 * @param {string} [o.folder]      folder or .code-workspace file opened when the root URL is loaded without ?folder=
 * @param {number} [o.port]        fixed port (default: a free one)
 * @param {boolean} [o.trusted]    false: workspace trust on, so folders open in Restricted Mode (default true)
 * @param {object} [o.settings]    extra user settings (merged over baseSettings)
 * @param {string} [o.vsix]        a .vsix to install before starting
 * @param {string} [o.linkExtension] an extension folder (e.g. this project, built) registered as installed in place:
 *                                 every window loads it, no ?payload= needed, a window reload picks up a rebuild
 * @param {string} [o.host]        address to bind (default 127.0.0.1; there is no authentication)
 * @param {object} [o.env]         extra environment for the server and the extension hosts it spawns
 * @param {string[]} [o.pathPrepend] folders put first on the PATH of the server and of the extension hosts
 * @param {boolean} [o.inheritOutput] print the server's output instead of writing it to code-server.log
 * @param {number} [o.timeoutMs]   how long to wait for /healthz (default 60 s)
 */
export async function startCodeServer(o) {
  const runDir = path.resolve(o.runDir);
  if (runDir.length > MAX_RUN_DIR) throw new Error(`run folder path too long for unix sockets (${runDir.length} > ${MAX_RUN_DIR} chars): ${runDir}`);
  if (!existsSync(CODE_SERVER_BIN)) throw new Error(`code-server not found at ${CODE_SERVER_BIN}: run \`bash scripts/install-code-server.sh\``);
  const trusted = o.trusted ?? true;
  const dirs = { userData: path.join(runDir, 'ud'), extensions: path.join(runDir, 'exts') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...baseSettings({ trusted }), ...(o.settings ?? {}) }, null, 2));

  // EXTENSIONS_GALLERY='{}': no marketplace (the default, open-vsx.org, is unreachable offline and logs errors).
  // E2E_USER_DATA_DIR: where the extension host's global storage is (User/globalStorage/<extension id>), for tests.
  const env = isolatedEnv(runDir, { EXTENSIONS_GALLERY: '{}', E2E_USER_DATA_DIR: dirs.userData, ...(o.env ?? {}) });
  if (o.pathPrepend?.length) {
    const dirsFirst = o.pathPrepend.map(d => path.resolve(d));
    if (dirsFirst.some(d => /['\n:]/.test(d))) throw new Error(`cannot put ${JSON.stringify(dirsFirst)} on the PATH`);
    env.PATH = [...dirsFirst, env.PATH].join(path.delimiter);
    // VS Code takes the extension host's environment from a login shell (its resolveShellEnv), whose profile resets
    // PATH: the isolated HOME's .profile puts the folders first there too, read by sh whatever the machine's shell is.
    writeFileSync(path.join(env.HOME, '.profile'), `PATH='${dirsFirst.join(path.delimiter)}':"$PATH"\nexport PATH\n`);
    env.SHELL = '/bin/sh';
  }
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (o.vsix) {
    const r = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', path.resolve(o.vsix), '--force'], { env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${o.vsix} failed:\n${r.stdout}${r.stderr}`);
  }

  if (o.linkExtension) linkExtension(dirs.extensions, o.linkExtension);

  const port = o.port ?? (await freePort());
  const logFile = path.join(runDir, 'code-server.log');
  const out = o.inheritOutput ? 'inherit' : openSync(logFile, 'w');
  const args = [
    '--bind-addr',
    `${o.host ?? '127.0.0.1'}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    ...common,
    ...(o.folder ? [path.resolve(o.folder)] : []),
  ];
  const started = Date.now();
  // detached: its own process group, so stop() can kill the server and everything it spawned at once.
  const child = spawn(CODE_SERVER_BIN, args, { env, stdio: ['ignore', out, out], detached: true });
  if (typeof out === 'number') closeSync(out);
  let exited = false;
  const exit = new Promise(resolve =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const baseUrl = `http://${!o.host || o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`;
  const deadline = started + (o.timeoutMs ?? 60_000);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  for (;;) {
    if (exited) throw new Error(`code-server exited before answering (see ${logFile}):\n${log()}`);
    if ((await httpStatus(`${baseUrl}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      throw new Error(`code-server did not answer ${baseUrl}/healthz in ${o.timeoutMs ?? 60_000} ms (see ${logFile})`);
    }
    await sleep(100);
  }
  const server = {
    baseUrl,
    port,
    pid: child.pid,
    runDir,
    logFile,
    settingsFile,
    trusted,
    env,
    startupMs: Date.now() - started,
    ...dirs,
    /** Reads the user settings.json. */
    readSettings: () => JSON.parse(readFileSync(settingsFile, 'utf8')),
    /**
     * Merges values into the user settings.json (undefined deletes a key). Workbenches opened afterwards see the
     * change (an open one does not: code-server's web workbench does not watch the file). A window with a
     * development extension (?payload=) ignores the theme and startup editor from it.
     */
    updateSettings(values) {
      const next = { ...server.readSettings(), ...values };
      for (const [k, v] of Object.entries(values)) if (v === undefined) delete next[k];
      writeFileSync(settingsFile, JSON.stringify(next, null, 2));
    },
    /** The server's log so far ('' when its output was inherited). */
    log,
    exited: () => exited,
    /** SIGTERM to the whole process group, SIGKILL after 5 s. Safe to call twice. */
    async stop() {
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        await Promise.race([exit, sleep(5000)]);
      }
      // The group may outlive its leader (extension hosts, watchers): make sure nothing of it is left.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* none left */
      }
    },
  };
  return server;
}

/**
 * Registers an unpacked extension folder as installed, where it is: an entry in the extensions folder's
 * extensions.json (the list VS Code 1.100 reads installed extensions from) whose location is that folder.
 */
export function linkExtension(extensionsDir, folder) {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const file = path.join(extensionsDir, 'extensions.json');
  const list = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).filter(e => e.identifier?.id !== id) : [];
  list.push({
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path: path.resolve(folder) },
    metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
  });
  writeFileSync(file, JSON.stringify(list));
  return id;
}

/** The `vscode-remote://` form of a server-side path, as the web workbench's `payload` parameter expects it. */
export function remoteUri(baseUrl, p) {
  return `vscode-remote://${new URL(baseUrl).host}${path.resolve(p)}`;
}

/**
 * The workbench URL for a folder or a .code-workspace file, optionally with the extension loaded as a development
 * extension and a test runner (`payload`, as VS Code's own browser integration tests use it).
 */
export function workbenchUrl(baseUrl, { folder, workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const url = new URL(baseUrl);
  if (workspace) url.searchParams.set('workspace', path.resolve(workspace));
  else if (folder) url.searchParams.set('folder', path.resolve(folder));
  else url.searchParams.set('ew', 'true'); // an empty window
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(baseUrl, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(baseUrl, extensionTestsPath)]);
  if (payload.length) url.searchParams.set('payload', JSON.stringify([...payload, ['skipWelcome', 'true']]));
  return url.toString();
}
