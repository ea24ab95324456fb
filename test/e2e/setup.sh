#!/usr/bin/env bash
# Installs the offline "real VS Code" used by the e2e and in-host tests: code-server 4.100.3
# (= VS Code 1.100.3 with a Node extension host) from the npm registry, and Debian's Chromium, which
# playwright-core drives. Needs Debian 12, node 20, the npm registry and Debian apt; nothing else.
# Idempotent: a re-run skips what is already in place (a few seconds) and re-checks it.
#
#   bash test/e2e/setup.sh           # from anywhere; installs into <repo>/.vscode-test/ (git-ignored)
#
# Env: SKIP_APT=1 (Debian packages already there), SKIP_SMOKE=1 (no code-server + Chromium start at
#      the end), npm_config_cache (default <repo>/.vscode-test/npm-cache), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
REPO="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
VT="$REPO/.vscode-test"
CS_VERSION=4.100.3 # the newest code-server whose engines.node is 20 (4.103+ want node 22)
CS_DIR="$VT/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
VS="$CS_PKG/lib/vscode"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Keep ~/.npm and $HOME untouched: the npm cache, code-server's config.yaml and logs go under .vscode-test.
export npm_config_cache="${npm_config_cache:-$VT/npm-cache}"
export XDG_CONFIG_HOME="$VT/xdg-config" XDG_DATA_HOME="$VT/xdg-data"
t0=$(date +%s)
stamp() { echo "[setup $(($(date +%s) - t0))s] $*"; }
fail() {
  echo "setup.sh: $*" >&2
  exit 1
}

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || fail "code-server $CS_VERSION needs node 20, found $(node -v)"

# ---- 1. Debian packages --------------------------------------------------------------------------
#  chromium         : the browser playwright-core drives (Playwright's own browser download can't work offline)
#  ripgrep          : stands in for @vscode/ripgrep's GitHub download (VS Code's search needs rg)
#  libkrb5-dev      : headers for the `kerberos` native module that VS Code's server builds
#  python3 make g++ : node-gyp builds of the native modules
if [ "${SKIP_APT:-}" != 1 ]; then
  need=()
  for p in chromium ripgrep libkrb5-dev python3 make g++; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=()
    [ "$(id -u)" = 0 ] || SUDO=(sudo)
    stamp "apt-get install ${need[*]}"
    "${SUDO[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
command -v rg >/dev/null || fail "ripgrep (rg) missing"
[ -x "$CHROMIUM" ] || fail "$CHROMIUM missing"

# ---- 2. code-server from the npm registry, into .vscode-test/code-server --------------------------
# Its postinstall runs `npm install` in lib/vscode. Three things there need a hand on a closed network:
#  a) @vscode/ripgrep's postinstall downloads rg from GitHub, but first looks in
#     <os.tmpdir()>/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg tag>-<target>.tar.gz: we put a tarball
#     of Debian's rg there (names pinned for code-server 4.100.3: @vscode/ripgrep 1.15.11, rg v13.0.0-10).
#     TMPDIR points into .vscode-test for the install, so the seeded cache and build leftovers stay there.
#  b) node-pty's postinstall runs `npx node-gyp ...`: npx must fetch node-gyp from the registry without a
#     prompt (npm_config_yes=true; root's ~/.npmrc may say yes=false). node-gyp would download node's
#     headers from nodejs.org, so point it at the headers that ship with the installed node (nodedir).
#  c) as root, code-server's postinstall.sh refuses to run under npm unless npm_config_unsafe_perm=true
#     (npm 11 warns that the option is unknown, which is harmless).
#     `kerberos` also needs libkrb5-dev (step 1).
native=(node_modules/node-pty/build/Release/pty.node node_modules/@vscode/spdlog/build/Release/spdlog.node
  node_modules/native-watchdog/build/Release/watchdog.node node_modules/kerberos/build/Release/kerberos.node
  node_modules/@vscode/ripgrep/bin/rg)
installed() {
  [ -f "$CS_PKG/out/node/entry.js" ] || return 1
  [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" = "$CS_VERSION" ] || return 1
  for f in "${native[@]}"; do [ -e "$VS/$f" ] || return 1; done
}
if installed; then
  stamp "code-server $CS_VERSION already installed in $CS_DIR"
else
  rm -rf "$CS_DIR/node_modules" # a half-finished install would not re-run the postinstall
  mkdir -p "$CS_DIR" "$VT/tmp"
  export TMPDIR="$VT/tmp"
  RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  stamp "seeding the ripgrep download cache from $(command -v rg)"
  mkdir -p "$(dirname "$RG_CACHE")"
  rgtmp=$(mktemp -d)
  cp "$(command -v rg)" "$rgtmp/rg"
  tar czf "$RG_CACHE" -C "$rgtmp" rg
  rm -rf "$rgtmp"
  node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/common.gypi" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
  cat >"$CS_DIR/package.json" <<JSON
{ "name": "ownless-e2e-code-server", "private": true, "dependencies": { "code-server": "$CS_VERSION" } }
JSON
  stamp "npm install code-server@$CS_VERSION (builds native modules; 1-2 min on 2 cores)"
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error)
  unset TMPDIR
  rm -rf "$VT/tmp"
  installed || fail "code-server install incomplete (a native module or rg is missing under $VS)"
fi

# ---- 3. sanity checks --------------------------------------------------------------------------------
stamp "$("$VS/node_modules/@vscode/ripgrep/bin/rg" --version | head -1) (bundled rg)"
stamp "code-server $(node "$CS_PKG/out/node/entry.js" --version | tail -1)"
stamp "$("$CHROMIUM" --version 2>/dev/null | head -1)"
for f in node_modules/.bin/vsce node_modules/playwright-core node_modules/@vscode/test-electron node_modules/mocha; do
  [ -e "$REPO/$f" ] || fail "$REPO/$f missing: run npm ci in the repo first"
done
if [ "${SKIP_SMOKE:-}" != 1 ]; then
  # start code-server + Chromium, wait for the workbench, stop both
  node "$REPO/test/e2e/smoke.mjs"
fi
stamp "done; code-server takes $(du -sh "$CS_DIR" | cut -f1)"
