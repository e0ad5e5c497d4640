#!/usr/bin/env bash
# Proves a backup can be restored: backs up DATABASE_URL + ATTACHMENTS_DIR, restores into a
# FRESH database (created here, dropped at the end unless KEEP_RESTORED=1) and a fresh directory,
# runs `cli audit-verify` against the restored database, and checks that every attachment row
# has its file with the recorded SHA-256.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/agendy ATTACHMENTS_DIR=.data/attachments tools/ops/test-backup-restore.sh
#
# The CLI runs from the build (dist/apps/api/cli.js) when present, else from source (ts-node).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?DATABASE_URL is required}"
: "${ATTACHMENTS_DIR:?ATTACHMENTS_DIR is required}"
work="$(mktemp -d -t agendy-restore-XXXXXX)"
restored_db="agendy_ops_restore_$(date +%s)_$$"
admin_url="$(printf '%s' "$DATABASE_URL" | sed -E 's#/[^/?]+(\?|$)#/postgres\1#')"
restored_url="$(printf '%s' "$DATABASE_URL" | sed -E "s#/[^/?]+(\\?|\$)#/$restored_db\\1#")"
cleanup() {
  if [ "${KEEP_RESTORED:-0}" != "1" ]; then
    psql "$admin_url" -q -c "DROP DATABASE IF EXISTS \"$restored_db\"" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

backup_dir="$(tools/ops/backup.sh "$work/backups")"
psql "$admin_url" -q -c "CREATE DATABASE \"$restored_db\""
DATABASE_URL="$restored_url" ATTACHMENTS_DIR="$work/attachments" tools/ops/restore.sh "$backup_dir"

if [ -f dist/apps/api/cli.js ] && [ -z "${AGENDY_CLI_FROM_SOURCE:-}" ]; then
  cli=(node dist/apps/api/cli.js)
else
  cli=(env TS_NODE_PROJECT=tsconfig.integration.json TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/src/cli.ts)
fi
DATABASE_URL="$restored_url" LOG_LEVEL=silent "${cli[@]}" audit-verify

missing=0
while IFS='|' read -r key sha; do
  [ -z "$key" ] && continue
  file="$work/attachments/$key"
  if [ ! -f "$file" ] || [ "$(sha256sum "$file" | cut -d' ' -f1)" != "$sha" ]; then
    echo "attachment $key missing or changed" >&2
    missing=$((missing + 1))
  fi
done < <(psql "$restored_url" -At -F '|' -c "SELECT storage_key, sha256 FROM attachments")
rows="$(psql "$restored_url" -At -c "SELECT count(*) FROM attachments")"
if [ "$missing" != "0" ]; then
  echo "backup/restore test FAILED: $missing of $rows attachments missing or changed" >&2
  exit 1
fi
echo "backup/restore test passed: restored into $restored_db, audit chain intact, $rows attachments present with matching SHA-256"
