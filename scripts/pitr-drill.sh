#!/usr/bin/env bash
# Point-in-time recovery drill (docs/operations.md, "Point-in-time recovery"), on a private PostgreSQL started for it
# in a temporary folder, with the same steps the runbook gives:
#   1. a server with WAL archiving on (wal_level=replica, archive_mode=on, archive_command copying to a folder);
#   2. a base backup with pg_basebackup;
#   3. rows written before the recovery target time T, then "bad" rows (a mistaken DELETE of a table and new rows)
#      after T, and the WAL switched so the archive holds everything;
#   4. the server is lost; the base backup is restored into a new data folder with restore_command reading the
#      archive, recovery_target_time = T and recovery_target_action = promote;
#   5. the recovered server has exactly the rows written before T.
# Exit code 0 when the recovered data is exactly the state at T. Runs as the postgres user when started as root.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/pg-tools.sh"
initdb="$(pg_bin initdb)"
pg_ctl="$(pg_bin pg_ctl)"
pg_basebackup="$(pg_bin pg_basebackup)"
psql="$(pg_bin psql)"

root="$(mktemp -d /tmp/automation-pitr-XXXXXX)"
chmod 755 "$root"
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd -r postgres
    chown postgres: "$root"
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
port2="$(free_port)"
cleanup() {
    for d in "$root/data" "$root/recovered"; do
        [ -f "$d/postmaster.pid" ] && as_pg "$pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
    done
    rm -rf "$root"
}
trap cleanup EXIT
sql() { "$psql" -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$2"; }

echo "== 1. server with WAL archiving ($root)"
as_pg mkdir "$root/archive"
as_pg "$initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
cat <<CONF | as_pg tee -a "$root/data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$root'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $root/archive/%f && cp %p $root/archive/%f'
archive_timeout = 60
CONF
as_pg "$pg_ctl" -D "$root/data" -l "$root/data/server.log" -w -t 60 start >/dev/null
sql "$port" "CREATE TABLE drill (id int PRIMARY KEY, note text NOT NULL)"
sql "$port" "INSERT INTO drill SELECT g, 'before the base backup' FROM generate_series(1, 100) g"

echo "== 2. base backup"
as_pg "$pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$root/base" -X stream --checkpoint=fast
sql "$port" "INSERT INTO drill SELECT g, 'after the base backup, before T' FROM generate_series(101, 150) g"

echo "== 3. the recovery target T, then the mistake"
sql "$port" "SELECT pg_switch_wal()" >/dev/null
sleep 1.1 # T falls clearly between the last good commit and the first bad one
target="$(sql "$port" "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")"
sleep 1.1
sql "$port" "DELETE FROM drill WHERE id <= 120"
sql "$port" "INSERT INTO drill SELECT g, 'after T' FROM generate_series(151, 160) g"
# The segment holding the changes around T, closed by the switch (pg_walfile_name of the switch point names the
# segment just completed); wait until the archiver has copied it (names of one timeline sort in WAL order).
segment="$(sql "$port" "SELECT pg_walfile_name(pg_switch_wal())")"
archived=""
for _ in $(seq 1 300); do
    last="$(sql "$port" "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")"
    if [ -n "$last" ] && [[ ! "$last" < "$segment" ]]; then archived=yes; break; fi
    sleep 0.2
done
[ -n "$archived" ] || { echo "PITR FAILED: WAL segment $segment was not archived within 60 s (last archived: ${last:-none})" >&2; exit 1; }
echo "target time T = $target; rows now: $(sql "$port" "SELECT count(*) FROM drill")"

echo "== 4. lose the server; restore the base backup and replay the archive up to T"
as_pg "$pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null
as_pg cp -a "$root/base" "$root/recovered"
cat <<CONF | as_pg tee -a "$root/recovered/postgresql.conf" >/dev/null
port = $port2
unix_socket_directories = '$root'
archive_mode = off
restore_command = 'cp $root/archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
as_pg touch "$root/recovered/recovery.signal"
as_pg "$pg_ctl" -D "$root/recovered" -l "$root/recovered/server.log" -w -t 120 start >/dev/null
for _ in $(seq 1 100); do
    [ "$(sql "$port2" "SELECT pg_is_in_recovery()")" = f ] && break
    sleep 0.2
done

echo "== 5. the recovered data is the state at T"
rows="$(sql "$port2" "SELECT count(*) || ' rows, ids ' || min(id) || '-' || max(id) FROM drill")"
echo "recovered: $rows"
if [ "$rows" != "150 rows, ids 1-150" ]; then
    echo "PITR FAILED: expected 150 rows, ids 1-150 (the state at T); recovery log:" >&2
    tail -n 20 "$root/recovered/server.log" >&2
    exit 1
fi
grep -q "recovery stopping before commit" "$root/recovered/server.log" || { echo "PITR FAILED: recovery did not stop at the target" >&2; exit 1; }
echo "pitr: recovered to $target from the base backup and the WAL archive"
