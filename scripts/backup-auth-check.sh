#!/usr/bin/env bash
# Proves scripts/backup.sh and scripts/restore.sh work against a server that requires a password (the test
# PostgreSQL of the xunit fixtures uses trust authentication, so it cannot show this). On a private PostgreSQL in a
# temporary folder whose pg_hba.conf requires scram-sha-256 for TCP connections of every role but postgres:
#   1. a backup with no password is refused by the server (exit 1): the check is real;
#   2. a backup with the password in an Npgsql connection string given in the environment succeeds;
#   3. a restore into a new database, target and password given in the environment, holds the rows;
#   4. no process command line held the password (it went by PGPASSWORD only).
# Also backup.sh's own safety rules: dumps are mode 600, the dump just written survives retention, and
# --keep-daily 0 --keep-weekly 0 is refused.
# Runs as the postgres user's server when started as root (initdb refuses root).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/pg-tools.sh"
initdb="$(pg_bin initdb)"
pg_ctl="$(pg_bin pg_ctl)"
psql="$(pg_bin psql)"

root="$(mktemp -d /tmp/automation-pgauth-XXXXXX)"
chmod 755 "$root"
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd -r postgres
    chown postgres: "$root"
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
watcher=""
cleanup() {
    [ -z "$watcher" ] || kill "$watcher" 2>/dev/null || true
    [ -f "$root/data/postmaster.pid" ] && as_pg "$pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$root"
}
trap cleanup EXIT
sql() { "$psql" -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres -d "$1" -v ON_ERROR_STOP=1 -c "$2"; }

as_pg "$initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
cat <<CONF | as_pg tee -a "$root/data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root'
password_encryption = 'scram-sha-256'
CONF
cat <<HBA | as_pg tee "$root/data/pg_hba.conf" >/dev/null
local all all                trust
host  all postgres 127.0.0.1/32 trust
host  all all      127.0.0.1/32 scram-sha-256
HBA
as_pg "$pg_ctl" -D "$root/data" -l "$root/data/server.log" -w -t 60 start >/dev/null
secret="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
password="$secret pass'word" # a space and a quote: nothing may split or quote it
echo "$secret" >"$root/secret" # the watcher below greps with -f: its own command line does not hold the secret
sql postgres "CREATE ROLE backup_user LOGIN CREATEDB PASSWORD '$secret pass''word'"
sql postgres "CREATE DATABASE automation OWNER backup_user"
sql automation "SET ROLE backup_user; CREATE TABLE orleansmembershiptable (deploymentid text); CREATE TABLE drill (id int PRIMARY KEY); INSERT INTO drill SELECT generate_series(1, 42)"
conn="Host=127.0.0.1;Port=$port;Database=automation;Username=backup_user"
unset PGPASSWORD PGPASSFILE
export PGPASSFILE="$root/no-pgpass" # a ~/.pgpass of this machine must not help

echo "== 1. no password: the server refuses"
if out="$(Automation__Postgres__ConnectionString="$conn" "$repo/scripts/backup.sh" --dir "$root/backups" 2>&1)"; then
    echo "AUTH CHECK FAILED: a backup without a password succeeded; the server does not require one" >&2
    exit 1
fi
grep -q "password authentication failed\|no password supplied" <<<"$out" || { echo "AUTH CHECK FAILED: unexpected error: $out" >&2; exit 1; }

echo "== 2. backup with the password (Npgsql connection string in the environment)"
# Watch every command line while the scripts run: the password must appear in none.
(
    while :; do
        for f in /proc/[0-9]*/cmdline; do { tr '\0' ' ' <"$f"; } 2>/dev/null; echo; done | grep -F -f "$root/secret" >>"$root/leaks" || true
        sleep 0.05
    done
) &
watcher=$!
# A dump named in the future (a clock set back) with --keep-daily 1 --keep-weekly 0: retention keeps it as the newest
# day, and must still keep the dump just written.
mkdir -p "$root/backups" && touch "$root/backups/automation-29991231T000000Z.dump"
Automation__Postgres__ConnectionString="$conn;Password=$password" "$repo/scripts/backup.sh" --dir "$root/backups" --keep-daily 1 --keep-weekly 0
dump="$(ls "$root"/backups/automation-*.dump | grep -v 29991231)" || { echo "AUTH CHECK FAILED: retention deleted the dump just written" >&2; exit 1; }
[ "$(stat -c %a "$dump")" = 600 ] || { echo "AUTH CHECK FAILED: the dump is mode $(stat -c %a "$dump"), not 600" >&2; exit 1; }
if "$repo/scripts/backup.sh" --dir "$root/backups" --prune-only --keep-daily 0 --keep-weekly 0 2>/dev/null; then
    echo "AUTH CHECK FAILED: --keep-daily 0 --keep-weekly 0 was accepted" >&2
    exit 1
fi

echo "== 3. restore into a new database (target in the environment)"
AUTOMATION_RESTORE_TARGET="Host=127.0.0.1;Port=$port;Database=automation_restored;Username=backup_user;Password=$password" \
    "$repo/scripts/restore.sh" "$dump"
kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
rows="$(sql automation_restored "SELECT count(*) FROM drill")"
[ "$rows" = 42 ] || { echo "AUTH CHECK FAILED: the restored database has $rows rows, expected 42" >&2; exit 1; }

echo "== 4. the password was on no command line"
if [ -s "$root/leaks" ]; then
    echo "AUTH CHECK FAILED: a command line held the password:" >&2
    sort -u "$root/leaks" >&2
    exit 1
fi
echo "backup-auth: backup and restore work with scram-sha-256 authentication; the password went by PGPASSWORD only"
