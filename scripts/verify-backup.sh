#!/usr/bin/env bash
# Proves a dump made by scripts/backup.sh can be restored and used, without touching the live database:
#   scripts/verify-backup.sh [--server CONNECTION] [--service-id ID] [--silo DLL] [--keep] DUMP
# 1. checks the sha256 file and restores the dump into a scratch database automation_verify_<time>_<pid> on SERVER
#    (scripts/restore.sh);
# 2. schema version: automation_schema_version must list applied scripts, every one of them shipped in sql/ (a dump
#    from a newer release than this checkout fails); scripts shipped since are listed (a silo applies them at start);
# 3. row counts of every table, printed; the Orleans tables must hold their queries;
# 4. grain state: `Automation.Silo verify-state` deserializes every grain state row of the service (ServiceId) with
#    the silo's own serializer into the type its grain declares. It starts no silo: no reminder fires, nothing runs.
# The scratch database is dropped at the end (--keep keeps it). Exit code 0 when everything holds, 1 otherwise.
# SERVER: an Npgsql connection string of a user who may CREATE DATABASE (default $AUTOMATION_VERIFY_SERVER, else
# Automation__Postgres__ConnectionString: only its server and credentials are used). ID: default $Orleans__ServiceId
# or automation. DLL: default the Release build output (src/Automation.Silo/bin/Release/net10.0), or in the silo
# image /app/Automation.Silo.dll.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/pg-tools.sh"
server="${AUTOMATION_VERIFY_SERVER:-${Automation__Postgres__ConnectionString:-}}"
service_id="${Orleans__ServiceId:-automation}"
silo="${AUTOMATION_SILO_DLL:-$repo/src/Automation.Silo/bin/Release/net10.0/Automation.Silo.dll}"
[ -f "$silo" ] || silo=/app/Automation.Silo.dll
keep=""
dump=""
while [ $# -gt 0 ]; do
    case "$1" in
        --server) server="$2"; shift 2 ;;
        --service-id) service_id="$2"; shift 2 ;;
        --silo) silo="$2"; shift 2 ;;
        --keep) keep=yes; shift ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) dump="$1"; shift ;;
    esac
done
[ -n "$dump" ] || { echo "usage: $0 [--server CONNECTION] [--service-id ID] [--silo DLL] [--keep] DUMP" >&2; exit 2; }
[ -n "$server" ] || { echo "No server: pass --server or set AUTOMATION_VERIFY_SERVER" >&2; exit 2; }
[[ "$server" == *";"* ]] || { echo "--server must be an Npgsql connection string (Host=...;Username=...;...)" >&2; exit 2; }
[ -f "$silo" ] || { echo "Automation.Silo.dll not found (build the silo or pass --silo)" >&2; exit 2; }

scratch="automation_verify_$(date -u +%Y%m%d%H%M%S)_$$"
# The scratch database's Npgsql connection string: the server's, with Database replaced.
scratch_npgsql="$(echo "$server" | sed -E 's/(^|;)[[:space:]]*(Database|DB)[[:space:]]*=[^;]*//Ig');Database=$scratch"
scratch_npgsql="${scratch_npgsql#;}"
psql="$(pg_bin psql)"
pg_export_password "$server" # here, not in the $(...) below: a subshell's export would be lost
admin="$(pg_conninfo_db "$server" postgres)"
conninfo="$(pg_conninfo_db "$server" "$scratch")"
status=0
fail() { echo "VERIFY FAILED: $*" >&2; status=1; }
drop() {
    if [ -z "$keep" ]; then
        "$psql" "$admin" -X -q -c "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null 2>&1 || true
    else
        echo "kept scratch database $scratch"
    fi
}
trap drop EXIT

echo "== restore into scratch database $scratch"
# The target goes by environment: its password must not appear on a command line.
AUTOMATION_RESTORE_TARGET="$scratch_npgsql" "$repo/scripts/restore.sh" "$dump" || { echo "VERIFY FAILED: the dump does not restore" >&2; exit 1; }

echo "== schema version"
applied="$("$psql" "$conninfo" -X -q -t -A -c "SELECT script FROM automation_schema_version ORDER BY script" 2>&1)" \
    || fail "automation_schema_version is missing: $applied"
shipped="$(cd "$repo/sql" && find . -name '*.sql' | sed 's#^\./##' | sort)"
if [ -n "$applied" ]; then
    echo "$(wc -l <<<"$applied") script(s) applied; latest migration: $(grep '^migrations/' <<<"$applied" | tail -n 1)"
    unknown="$(comm -23 <(echo "$applied" | sort) <(echo "$shipped"))"
    [ -z "$unknown" ] || fail "the dump has scripts this release does not ship (a newer release made it): $(echo $unknown)"
    newer="$(comm -13 <(echo "$applied" | sort) <(echo "$shipped"))"
    [ -z "$newer" ] || echo "not yet applied (a silo of this release applies them at start): $(echo $newer)"
else
    fail "no schema script is recorded"
fi

echo "== row counts"
counts="$("$psql" "$conninfo" -X -q -t -A -F ' ' -c "
    SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY c.relname")" || fail "cannot count rows"
echo "$counts" | awk '{ printf "  %-40s %s\n", $1, $2 }'
queries="$(awk '$1 == "orleansquery" { print $2 }' <<<"$counts")"
[ "${queries:-0}" -gt 0 ] || fail "OrleansQuery is empty: the Orleans providers cannot run on this database"

echo "== grain state (service $service_id)"
Automation__Postgres__ConnectionString="$scratch_npgsql" Orleans__ServiceId="$service_id" Orleans__ClusterId="verify-$scratch" \
    Automation__Postgres__MigrateOnStart=false \
    dotnet "$silo" --contentRoot "$(dirname "$silo")" verify-state || fail "grain state does not deserialize"

if [ "$status" -eq 0 ]; then
    echo "verify: $dump is restorable and usable"
fi
exit "$status"
