#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) from the npm registry into
# test/e2e/code-server, with nothing else fetched from the network. Idempotent: does nothing when already installed.
set -euo pipefail
DIR="$(cd "$(dirname "$0")/../test/e2e/code-server" && pwd)"
BIN="$DIR/node_modules/.bin/code-server"
if [ -x "$BIN" ] && [ -x "$DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
  echo "code-server already installed in $DIR"; exit 0
fi
node -e 'if (+process.versions.node.split(".")[0] !== 20) { console.error("code-server 4.100.3 needs Node 20, this is " + process.version); process.exit(1) }'
command -v rg >/dev/null || { echo "ripgrep is missing (apt-get install ripgrep)" >&2; exit 1; }
test -f /usr/include/gssapi/gssapi.h || { echo "libkrb5-dev is missing (apt-get install libkrb5-dev)" >&2; exit 1; }

# @vscode/ripgrep downloads a prebuilt rg unless it finds one in $TMPDIR/vscode-ripgrep-cache-<version>/:
# seed that cache with Debian's rg (same 13.x line) so the install never leaves the machine.
export TMPDIR="$DIR/.tmp"
CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$CACHE" "$TMPDIR/rg"
cp "$(command -v rg)" "$TMPDIR/rg/rg"
tar czf "$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rg" rg

cd "$DIR"
# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm is set; node-pty's postinstall calls
# `npx node-gyp`, which must not stop to ask.
export npm_config_unsafe_perm=true npm_config_yes=true
if [ -f package-lock.json ]; then verb=ci; else verb=install; fi
timeout 1500 npm "$verb" --no-audit --no-fund --foreground-scripts
XDG_CONFIG_HOME="$TMPDIR" XDG_DATA_HOME="$TMPDIR" "$BIN" --version
rm -rf "$TMPDIR"
