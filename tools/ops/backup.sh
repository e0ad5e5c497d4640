#!/usr/bin/env bash
# Backs up Agendy: the PostgreSQL database (pg_dump custom format) and the attachment store
# (ATTACHMENTS_DIR), into one directory with checksums and the audit-chain head at backup time.
#
#   DATABASE_URL=postgres://… ATTACHMENTS_DIR=/var/lib/agendy/attachments tools/ops/backup.sh /backups
#
# Prints the directory it wrote. The database is dumped first, then the files: an attachment row
# always has its file (files are written before their row commits and never changed), and files
# newer than the dump are harmless extras. Safe while the system runs (pg_dump is one snapshot).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required}"
: "${ATTACHMENTS_DIR:?ATTACHMENTS_DIR is required}"
target_root="${1:?usage: backup.sh <backup-root-dir>}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$target_root/agendy-$stamp"
mkdir -p "$out"

pg_dump --format=custom --no-owner --no-privileges --compress=6 --file="$out/db.dump" "$DATABASE_URL"
head="$(psql "$DATABASE_URL" -At -c "SELECT seq || ' ' || last_hash FROM audit_chain_head WHERE id = 1" 2>/dev/null || true)"
files=0
if [ -d "$ATTACHMENTS_DIR" ]; then
  files="$(find "$ATTACHMENTS_DIR" -type f | wc -l | tr -d ' ')"
  tar -C "$ATTACHMENTS_DIR" -czf "$out/attachments.tar.gz" .
else
  tar -czf "$out/attachments.tar.gz" --files-from /dev/null
fi
cat > "$out/manifest.txt" <<MANIFEST
created_at=$stamp
database=$(printf '%s' "$DATABASE_URL" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')
audit_head=${head:-none}
attachment_files=$files
MANIFEST
(cd "$out" && sha256sum db.dump attachments.tar.gz manifest.txt > SHA256SUMS)
echo "$out"
