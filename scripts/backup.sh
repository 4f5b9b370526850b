#!/usr/bin/env bash
# Back up Zona: the PostgreSQL database (pg_dump, custom format) and the evidence store.
#
#   DATABASE_URL=postgres://… ZONA_MEDIA_ROOT=/var/lib/zona/media scripts/backup.sh /var/backups/zona
#
# Writes DEST/zona-<UTC time>/ with db.dump, evidence.tar.gz and SHA256SUMS, and prints its
# path. The database is dumped first: evidence files are stored by content hash and never
# changed, so every file the dump refers to is already on disk when the archive is made.
# With ZONA_S3_BUCKET set, the evidence lives in the bucket: back it up with the bucket's own
# versioning/replication (or `rclone sync`); this script then saves the database only.
# Reads the same environment file as the service, e.g.: set -a; . /etc/zona/zona.env; set +a
set -euo pipefail

DEST="${1:?usage: backup.sh DEST_DIR}"
: "${DATABASE_URL:?DATABASE_URL must point to the PostgreSQL database}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL is not PostgreSQL (for SQLite copy var/ while stopped)" >&2; exit 2 ;;
esac
MEDIA_ROOT="${ZONA_MEDIA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/var/media}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
final="$DEST/zona-$stamp"
work="$DEST/.zona-$stamp.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/db.dump"

if [[ -n "${ZONA_S3_BUCKET:-}" ]]; then
    echo "backup.sh: evidence is in the S3 bucket $ZONA_S3_BUCKET; not archived here" >&2
elif [[ -d "$MEDIA_ROOT" ]]; then
    tar --create --gzip --file="$work/evidence.tar.gz" --directory="$MEDIA_ROOT" .
else
    echo "backup.sh: $MEDIA_ROOT does not exist; no evidence archived" >&2
fi

(cd "$work" && sha256sum -- * > SHA256SUMS)
mv "$work" "$final"
trap - EXIT
echo "$final"
