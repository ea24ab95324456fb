#!/usr/bin/env bash
# Installs the programs Ownless's oracle suites compare against (npm run test:oracles) into
# .cache/oracles/, outside package.json: the Serverless Framework v3 and the AWS CDK are heavy and
# only the oracle suites need them. Pinned and idempotent: a tool already installed at its pinned
# version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# install NAME DIR PACKAGE@VERSION...: the packages at their versions into DIR (its own package.json, so
# that npm does not walk up into the project's), unless every one is already there at its version.
install() {
  local name=$1 dir=$2
  shift 2
  local spec missing=0 installed
  for spec in "$@"; do
    installed=$(node -p "try { require('./$dir/node_modules/${spec%@*}/package.json').version } catch { '' }")
    # constructs@10 pins a major: any 10.x is it.
    case "$installed" in "${spec##*@}" | "${spec##*@}".*) ;; *) missing=1 ;; esac
  done
  if [ "$missing" = 0 ]; then
    echo "$name: $* already in $dir"
    return 0
  fi
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "private": true }' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --ignore-scripts "$@"
}

SERVERLESS_VERSION=3.40.0
install serverless .cache/oracles/serverless "serverless@$SERVERLESS_VERSION"
node .cache/oracles/serverless/node_modules/serverless/bin/serverless.js --version

# The CDK library the fixture apps import (resolved from .cache/oracles/cdk/node_modules when the
# oracle suite synthesizes them), the CLI that runs `cdk synth`, and the esbuild NodejsFunction
# bundles with (found in the app's node_modules; without it the CDK wants Docker).
CDK_LIB_VERSION=2.278.0
CDK_CLI_VERSION=2.1149.0
ESBUILD_VERSION=$(node -p "require('esbuild/package.json').version")
install cdk .cache/oracles/cdk "aws-cdk-lib@$CDK_LIB_VERSION" "aws-cdk@$CDK_CLI_VERSION" constructs@10 "esbuild@$ESBUILD_VERSION"

node .cache/oracles/cdk/node_modules/aws-cdk/bin/cdk --version
