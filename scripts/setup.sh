#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian 12 machine with Node 20, and builds the extension.
# Idempotent and quick when everything is already there. Reaches only Debian's packages and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v git >/dev/null || missing+=(git)
command -v chromium >/dev/null || missing+=(chromium)          # the UI tests drive Debian's Chromium
command -v pdftotext >/dev/null || missing+=(poppler-utils)    # the packet test reads the PDF Chromium prints
command -v unzip >/dev/null || missing+=(unzip)                # the package check lists what the .vsix holds
command -v rg >/dev/null || missing+=(ripgrep)                 # seeds code-server's ripgrep download offline
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)  # code-server's kerberos module builds from source
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: run as root, or install: apt-get install ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 $sudo apt-get update -qq
  timeout 900 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" ca-certificates
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  timeout 900 npm ci --no-audit --no-fund
fi
bash scripts/install-code-server.sh
node scripts/build.mjs
