#!/usr/bin/env bash
# The packed tarball installs globally and works with nothing from this checkout: `npm pack`, then
# `npm install -g --prefix <tmp> ./opsradar-*.tgz` from an empty directory, then the installed
# `opsradar` runs from another empty directory (catalog, lifecycle tables and sandbox data come from
# the package; dev dependencies are not installed). Run by `npm test` after the unit suite: one
# install takes minutes (better-sqlite3 compiles when its prebuilt binary cannot be downloaded), so
# it runs once, on its own, reusing the npm cache (--prefer-offline), not inside the parallel suite.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/opsradar-global-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "global install test: $*" >&2; exit 1; }

[ -f "$root/dist/cli/main.js" ] && [ -f "$root/dist/catalog.json" ] || (cd "$root" && npm run build >/dev/null)
mkdir -p "$work/pack" "$work/empty" "$work/elsewhere"
(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work/pack" >/dev/null)
tarball=$(ls "$work"/pack/opsradar-*.tgz)
contents=$(tar -tzf "$tarball")
for path in package/dist/cli/main.js package/dist/catalog.json package/catalog/acm/acm-certificate-expiry.yaml \
  package/data/lifecycle package/data/scenarios/demo/organization.yaml package/data/aws-models; do
  grep -q "^$path" <<<"$contents" || fail "$path is not in the tarball"
done
if grep -qE '^package/(src|test|bench)/|\.test\.js$' <<<"$contents"; then fail "sources or tests are in the tarball"; fi

start=$(date +%s)
(cd "$work/empty" && npm install -g --prefix "$work/prefix" "$tarball" \
  --prefer-offline --no-audit --no-fund --loglevel=error >"$work/install.log" 2>&1) ||
  { cat "$work/install.log" >&2; fail "npm install -g failed"; }
echo "global install test: installed in $(($(date +%s) - start)) s (load $(cut -d' ' -f1-3 /proc/loadavg))"

installed="$work/prefix/lib/node_modules/opsradar"
for dev in typescript vitest tsx playwright-core @biomejs/biome smtp-server; do
  [ ! -e "$installed/node_modules/$dev" ] || fail "dev dependency $dev was installed"
done

cd "$work/elsewhere"
cli="$work/prefix/bin/opsradar"
export LANG=C HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
unset OPSRADAR_CATALOG_DIR OPSRADAR_CONFIG OPSRADAR_LIFECYCLE_DIR OPSRADAR_DATABASE_URL NODE_PATH
version=$("$cli" --version)
[ "$version" = "$(node -p "require('$root/package.json').version")" ] || fail "--version printed '$version'"
"$cli" catalog list | grep -q '^acm-certificate-expiry ' || fail "catalog list has no acm-certificate-expiry"
"$cli" catalog show ec2-scheduled-event --lang ja | grep -q 'EC2' || fail "catalog show failed"
"$cli" lifecycle show --help >/dev/null || fail "lifecycle show --help failed"
"$cli" iam-policy | grep -q '"Version": "2012-10-17"' || fail "iam-policy failed"
# The native SQLite module was built and the migrations ship with the package.
"$cli" list --db "$work/store.sqlite" | grep -q 'No work items' || fail "list on a new SQLite store failed"
echo "global install test: ok (opsradar $version: --version, catalog list/show, iam-policy, list on SQLite)"
