#!/usr/bin/env bash
# Build api, worker and web once and copy the result to dist/<name>/apps, so that several e2e runs
# (AGENDY_DIST_DIR=dist/<name>) can work side by side without rebuilding each other's dist/apps.
# Builds are serialised through a lock: two Nx builds into dist/apps at once would clobber it.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="${1:?usage: tools/dev/build-snapshot.sh <name>}"
export NX_NO_CLOUD=true NX_DAEMON=false NX_USE_LOCAL=true NX_TUI=false
(
  flock 9
  npx nx run-many -t build -p api worker web --output-style=static
  rm -rf "dist/$name/apps" && mkdir -p "dist/$name" && cp -r dist/apps "dist/$name/apps"
) 9>/tmp/agendy-build.lock
echo "built into dist/$name/apps — run e2e with AGENDY_DIST_DIR=dist/$name"
