#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into a NEW database (it refuses an existing one).
#   scripts/restore.sh [--no-checksum] DUMP [TARGET]
# TARGET: a connection string (Npgsql, libpq or URI) naming the database to create (default
# $AUTOMATION_RESTORE_TARGET: pass one with a password that way, not as an argument); the user must be allowed to
# CREATE DATABASE. The checksum file <DUMP>.sha256 must match (unless --no-checksum). The restore runs in one
# transaction and stops at the first error, so a failed restore leaves an empty database, which it then drops.
# The old silos' cluster membership rows are removed (they do not serve the new database); grain state, reminders and
# every other table are restored as they were. Afterwards point the hosts at the new database (Automation__Postgres__ConnectionString) and start them:
# docs/operations.md, "Restore".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/pg-tools.sh"
check=yes
if [ "${1:-}" = "--no-checksum" ]; then
    check=""
    shift
fi
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "${2:-${AUTOMATION_RESTORE_TARGET:-}}" ]; then
    echo "usage: $0 [--no-checksum] DUMP [TARGET-CONNECTION, default \$AUTOMATION_RESTORE_TARGET]" >&2
    exit 2
fi
dump="$1"
target="${2:-$AUTOMATION_RESTORE_TARGET}"
[ -f "$dump" ] || { echo "RESTORE FAILED: $dump does not exist" >&2; exit 1; }
if [ -n "$check" ]; then
    [ -f "$dump.sha256" ] || { echo "RESTORE FAILED: $dump.sha256 is missing (use --no-checksum to restore anyway)" >&2; exit 1; }
    if ! (cd "$(dirname "$dump")" && sha256sum --check --status "$(basename "$dump").sha256"); then
        echo "RESTORE FAILED: $dump does not match $dump.sha256" >&2
        exit 1
    fi
fi

db="$(pg_dbname "$target")"
[[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]] || { echo "RESTORE FAILED: '$db' is not a database name this script creates" >&2; exit 1; }
pg_export_password "$target" # here, not in the $(...) below: a subshell's export would be lost
admin="$(pg_conninfo_db "$target" postgres)"
conninfo="$(pg_conninfo "$target")"
psql="$(pg_bin psql)"
pg_restore="$(pg_bin pg_restore)"

exists="$("$psql" "$admin" -X -q -t -A -c "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>&1)" || {
    echo "RESTORE FAILED: the server is unreachable: $exists" >&2
    exit 1
}
if [ "$exists" = 1 ]; then
    echo "RESTORE FAILED: database $db already exists; restore into a new database" >&2
    exit 1
fi
"$psql" "$admin" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\""
if ! "$pg_restore" --dbname "$conninfo" --no-owner --no-privileges --single-transaction --exit-on-error "$dump"; then
    "$psql" "$admin" -X -q -c "DROP DATABASE IF EXISTS \"$db\"" || true
    echo "RESTORE FAILED: pg_restore stopped; database $db was dropped again" >&2
    exit 1
fi
# The membership rows name the silos that were running when the dump was taken; none of them serves this new
# database. Removing them lets the first silo start at once instead of probing dead addresses first.
"$psql" "$conninfo" -X -q -v ON_ERROR_STOP=1 -c "DELETE FROM orleansmembershiptable" >/dev/null
echo "restore: $dump restored into database $db (stale cluster membership rows removed)"
