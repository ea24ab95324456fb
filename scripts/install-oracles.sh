#!/usr/bin/env bash
# Installs the programs Ownless's oracle suites compare against (npm run test:oracles) into
# .cache/oracles/, outside package.json: the Serverless Framework v3 is heavy and only the oracle
# suites need it. Pinned and idempotent: a second run with the same version installed does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVERLESS_VERSION=3.40.0
dir=.cache/oracles/serverless
installed=$(node -p "try { require('./$dir/node_modules/serverless/package.json').version } catch { '' }")
if [ "$installed" = "$SERVERLESS_VERSION" ]; then
  echo "serverless $SERVERLESS_VERSION already in $dir"
  exit 0
fi
mkdir -p "$dir"
# Its own package.json, so that npm does not walk up into the project's.
[ -f "$dir/package.json" ] || echo '{ "private": true }' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --no-save --ignore-scripts "serverless@$SERVERLESS_VERSION"
node "$dir/node_modules/serverless/bin/serverless.js" --version
