#!/usr/bin/env bash
# What the tests need beyond npm packages: the game template's end-to-end tests drive Debian's chromium through
# playwright-core (no browser download) and run the terminal host inside tmux. apt only when one is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null || missing+=(tmux)
command -v script >/dev/null || missing+=(bsdutils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
