#!/usr/bin/env bash
# Backs up Automation's one PostgreSQL database and applies the retention policy.
#   scripts/backup.sh [--dir DIR] [--keep-daily N] [--keep-weekly M] [--prune-only] [CONNECTION]
# CONNECTION: an Npgsql connection string (the hosts' Automation__Postgres__ConnectionString, also the default),
# a libpq keyword string or a postgresql:// URI.
# Writes DIR/automation-<UTC yyyymmddTHHMMSSZ>.dump (pg_dump custom format: compressed, restorable table by table)
# and beside it <dump>.sha256 (sha256sum format). The dump is written under a temporary name, checked with
# pg_restore --list, checksummed, and renamed only at the end: a failed or interrupted backup leaves no file named
# automation-*.dump. An unreachable database fails at once with a message and exit code 1.
# Retention (after a successful dump, or alone with --prune-only): keeps the newest dump of each of the last N days
# that have one (default 7) and of each of the last M ISO weeks that have one (default 4); deletes the other
# automation-*.dump files in DIR with their .sha256. Defaults: DIR $AUTOMATION_BACKUP_DIR or <repo>/.data/backups.
# The dump holds every table (grain state, reminders, membership, visibility, audit, secrets ciphertext); the keys
# that decrypt the secrets are not in the database: back them up in your secret store (docs/operations.md).
set -euo pipefail
umask 077 # dumps and checksums readable by their owner only: they hold every secret's ciphertext and the audit log

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/pg-tools.sh"
dir="${AUTOMATION_BACKUP_DIR:-$repo/.data/backups}"
keep_daily=7
keep_weekly=4
prune_only=""
conn="${Automation__Postgres__ConnectionString:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir="$2"; shift 2 ;;
        --keep-daily) keep_daily="$2"; shift 2 ;;
        --keep-weekly) keep_weekly="$2"; shift 2 ;;
        --prune-only) prune_only=yes; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) conn="$1"; shift ;;
    esac
done
[[ "$keep_daily" =~ ^[0-9]+$ && "$keep_weekly" =~ ^[0-9]+$ ]] || { echo "--keep-daily and --keep-weekly take whole numbers" >&2; exit 2; }
[ "$keep_daily" -gt 0 ] || [ "$keep_weekly" -gt 0 ] || { echo "--keep-daily 0 --keep-weekly 0 would delete every dump; keep at least one" >&2; exit 2; }
mkdir -p "$dir"

just_written="" # never pruned, even when older-named dumps (a clock set back) would push it out
prune() {
    local files=() file stamp day week keep=() seen_days=() seen_weeks=()
    # Newest first; the timestamp is in the name, so the order does not depend on file times.
    mapfile -t files < <(ls -1 "$dir" | grep -E '^automation-[0-9]{8}T[0-9]{6}Z\.dump$' | sort -r)
    for file in "${files[@]}"; do
        stamp="${file#automation-}"
        stamp="${stamp%.dump}"
        day="${stamp:0:8}"
        week="$(date -u -d "${stamp:0:4}-${stamp:4:2}-${stamp:6:2}" +%G-W%V)"
        local kept=""
        if [ "${#seen_days[@]}" -lt "$keep_daily" ] && [[ " ${seen_days[*]} " != *" $day "* ]]; then
            seen_days+=("$day")
            kept=yes
        fi
        if [ "${#seen_weeks[@]}" -lt "$keep_weekly" ] && [[ " ${seen_weeks[*]} " != *" $week "* ]]; then
            seen_weeks+=("$week")
            kept=yes
        fi
        [ "$file" = "$just_written" ] && kept=yes
        if [ -n "$kept" ]; then
            keep+=("$file")
        else
            rm -f "$dir/$file" "$dir/$file.sha256"
            echo "retention: deleted $file"
        fi
    done
    echo "retention: kept ${#keep[@]} dump(s) (newest per day for $keep_daily day(s), per ISO week for $keep_weekly week(s))"
}

if [ -n "$prune_only" ]; then
    prune
    exit 0
fi

if [ -z "$conn" ]; then
    echo "No database given: pass a connection string or set Automation__Postgres__ConnectionString" >&2
    exit 2
fi
pg_export_password "$conn" # here, not in the $(...) below: a subshell's export would be lost
conninfo="$(pg_conninfo "$conn")"
psql="$(pg_bin psql)"
pg_dump="$(pg_bin pg_dump)"
pg_restore="$(pg_bin pg_restore)"

if ! error="$("$psql" "$conninfo" -X -q -t -c 'SELECT 1' 2>&1 >/dev/null)"; then
    echo "BACKUP FAILED: the database is unreachable: $error" >&2
    exit 1
fi

name="automation-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$dir/.partial-$name.$$"
cleanup() { rm -f "$partial" "$partial.sha256"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --serializable-deferrable: one consistent snapshot without blocking writers (it waits for a safe snapshot).
if ! "$pg_dump" "$conninfo" --format=custom --compress=6 --serializable-deferrable --no-owner --file "$partial"; then
    echo "BACKUP FAILED: pg_dump exited with an error; nothing was written to $dir/$name" >&2
    exit 1
fi
if ! "$pg_restore" --list "$partial" >/dev/null; then
    echo "BACKUP FAILED: the dump is not readable by pg_restore; nothing was written to $dir/$name" >&2
    exit 1
fi
(cd "$(dirname "$partial")" && sha256sum "$(basename "$partial")") | sed "s/ [* ]\.partial-.*$/  $name/" >"$partial.sha256"
mv "$partial.sha256" "$dir/$name.sha256"
mv "$partial" "$dir/$name"
trap - EXIT
just_written="$name"
echo "backup: $dir/$name ($(stat -c %s "$dir/$name") bytes, sha256 $(cut -d' ' -f1 "$dir/$name.sha256"))"
prune
