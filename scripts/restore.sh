#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and evidence directory.
#
#   DATABASE_URL=postgres://…/zona_new ZONA_MEDIA_ROOT=/var/lib/zona/media \
#       scripts/restore.sh /var/backups/zona/zona-20260524T010000Z
#
# Refuses a database that already has tables or an evidence directory that is not empty:
# a restore never mixes with live data. Create the database first (createdb -O zona zona_new).
# Afterwards run `manage.py migrate` (a no-op unless the code is newer than the backup).
set -euo pipefail

SRC="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point to the (empty) PostgreSQL database}"
MEDIA_ROOT="${ZONA_MEDIA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/var/media}"

[[ -f "$SRC/db.dump" ]] || { echo "restore.sh: $SRC/db.dump not found" >&2; exit 2; }
(cd "$SRC" && sha256sum --check --quiet SHA256SUMS) || {
    echo "restore.sh: checksums of $SRC do not match; the backup is damaged" >&2
    exit 2
}

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select count(*) from pg_tables where schemaname = 'public'")"
if [[ "$tables" != "0" ]]; then
    echo "restore.sh: the target database already has $tables tables; restore needs an empty one" >&2
    exit 2
fi
if [[ -d "$MEDIA_ROOT" && -n "$(ls -A "$MEDIA_ROOT")" ]]; then
    echo "restore.sh: $MEDIA_ROOT is not empty; restore needs an empty evidence directory" >&2
    exit 2
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$SRC/db.dump"

if [[ -f "$SRC/evidence.tar.gz" ]]; then
    mkdir -p "$MEDIA_ROOT"
    tar --extract --gzip --file="$SRC/evidence.tar.gz" --directory="$MEDIA_ROOT"
fi
echo "restored $SRC"
