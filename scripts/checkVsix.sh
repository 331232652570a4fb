#!/usr/bin/env bash
# Packages the extension with vsce (npm run package fails on any vsce warning), checks what the package carries, and
# installs the .vsix into a throw-away code-server profile, as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run package --silent
# The Marketplace icon, the translations, and a README whose images travel inside it (PNG data URIs, nothing relative).
listing=$(unzip -Z1 growth-ledger.vsix)
for f in extension/media/icon.png extension/package.nls.json extension/l10n/bundle.l10n.json extension/readme.md; do
  grep -qx "$f" <<<"$listing" || { echo "checkVsix: $f is not in the package" >&2; exit 1; }
done
readme=$(unzip -p growth-ledger.vsix extension/readme.md)
images=$(grep -o '<img [^>]*src="[^"]\{0,40\}' <<<"$readme" || true)
[ -n "$images" ] || { echo "checkVsix: the packaged README shows no image" >&2; exit 1; }
if grep -v 'src="data:image/png;base64,' <<<"$images"; then
  echo "checkVsix: the packaged README has an image that is not inside it (above)" >&2
  exit 1
fi

profile=$(mktemp -d /tmp/gl-vsix.XXXXXX)
trap 'rm -rf "$profile"' EXIT
cs=(env XDG_CONFIG_HOME="$profile" XDG_DATA_HOME="$profile" HOME="$profile" EXTENSIONS_GALLERY='{}'
  test/e2e/code-server/node_modules/.bin/code-server --user-data-dir "$profile/user" --extensions-dir "$profile/extensions")
timeout 120 "${cs[@]}" --install-extension ./growth-ledger.vsix
installed=$(timeout 60 "${cs[@]}" --list-extensions --show-versions)
echo "$installed"
grep -q '^growth-ledger.growth-ledger@' <<<"$installed"
# Every bundle the extension loads at run time is in the package (the scan worker is started from a file of its own).
for f in extension.js scanWorker.js webview.js webview.css; do
  ls "$profile"/extensions/growth-ledger.growth-ledger-*/dist/"$f" >/dev/null
done
# The package builds minified bundles; put the development build back for the tests that follow.
node scripts/build.mjs >/dev/null
