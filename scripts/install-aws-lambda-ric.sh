#!/usr/bin/env bash
# Installs AWS's runtime interface client for Node.js (aws-lambda-ric, the client AWS's own Node.js
# base images run) into a cache folder, outside the project's package.json: test/aws/ric.test.ts runs
# a `provided` function through it against the local runtime's Runtime API. Idempotent; prints the
# folder on stdout.
#
# Its install scripts build curl and aws-lambda-cpp from the archives in the package, then the addon
# (rapid-client.node) with node-gyp: about 40 s on 2 cores. They need a C++ compiler, make, cmake,
# autoconf, automake, libtool and libcurl4-openssl-dev (.ci/run installs the Debian packages).
set -euo pipefail

VERSION=4.0.2
DIR="${OWNLESS_RIC_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/ownless/tools/aws-lambda-ric-$VERSION}"
PACKAGE="$DIR/node_modules/aws-lambda-ric"

# The addon aborts as it loads without a Runtime API address to talk to; any address will do.
loads() { AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 node -e "require(process.argv[1])" "$PACKAGE/rapid-client.node" 2>/dev/null; }

if [ -f "$PACKAGE/index.mjs" ] && loads; then
  echo "$DIR"
  exit 0
fi
mkdir -p "$DIR"
# The build's output is long; it is kept in the folder and shown only when the build fails.
if ! npm install --prefix "$DIR" --no-save --no-package-lock --no-audit --no-fund --foreground-scripts \
  "aws-lambda-ric@$VERSION" >"$DIR/install.log" 2>&1 || ! loads; then
  tail -n 40 "$DIR/install.log" >&2
  echo "install-aws-lambda-ric: aws-lambda-ric@$VERSION did not build (log: $DIR/install.log)" >&2
  exit 1
fi
echo "$DIR"
