#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database and attachment directory.
#
#   DATABASE_URL=postgres://…/agendy_restored ATTACHMENTS_DIR=/var/lib/agendy/attachments \
#     tools/ops/restore.sh /backups/agendy-20261127T020000Z
#
# Refuses a database that already has tables or a non-empty attachment directory: restoring
# over live data is never what you want. Checks the checksums first. Run `cli audit-verify`
# (npm run audit:verify) afterwards; tools/ops/test-backup-restore.sh does all of it.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL (the empty target database) is required}"
: "${ATTACHMENTS_DIR:?ATTACHMENTS_DIR (the empty target directory) is required}"
src="${1:?usage: restore.sh <backup-dir>}"
(cd "$src" && sha256sum --quiet -c SHA256SUMS)
tables="$(psql "$DATABASE_URL" -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore into an empty one" >&2
  exit 1
fi
mkdir -p "$ATTACHMENTS_DIR"
if [ -n "$(ls -A "$ATTACHMENTS_DIR")" ]; then
  echo "restore.sh: $ATTACHMENTS_DIR is not empty" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$src/db.dump"
tar -C "$ATTACHMENTS_DIR" -xzf "$src/attachments.tar.gz"
expected="$(sed -n 's/^audit_head=//p' "$src/manifest.txt")"
actual="$(psql "$DATABASE_URL" -At -c "SELECT seq || ' ' || last_hash FROM audit_chain_head WHERE id = 1" 2>/dev/null || true)"
if [ "$expected" != "none" ] && [ "$expected" != "$actual" ]; then
  echo "restore.sh: audit head after restore ($actual) differs from the backup's ($expected)" >&2
  exit 1
fi
echo "restored $src: audit head ${actual:-none}, $(find "$ATTACHMENTS_DIR" -type f | wc -l | tr -d ' ') attachment files"
