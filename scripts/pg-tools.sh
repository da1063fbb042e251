#!/usr/bin/env bash
# Shared by scripts/backup.sh, restore.sh and verify-backup.sh (sourced, not run):
#   pg_bin NAME           full path of a PostgreSQL client program (PATH, then /usr/lib/postgresql/*/bin, newest
#                         first; scripts/ensure-postgres.sh installs them when missing)
#   pg_conninfo CONN      a libpq connection string from an Npgsql one ("Host=db;Port=5432;Database=automation;
#                         Username=u;Password=p"); libpq strings and postgresql:// URIs pass through unchanged.
#                         An Npgsql Password is left out (it would land on a command line): call
#                         pg_export_password first.
#   pg_conninfo_db CONN DB   the same, for another database on the same server
#   pg_export_password CONN  exports PGPASSWORD from an Npgsql string's Password, in the CALLER's shell (call it
#                         directly, never inside $(...): a subshell's export is lost). libpq strings and URIs carry
#                         their own password (better: PGPASSWORD / PGPASSFILE in the environment).
#   pg_dbname CONN        the database name of a connection string
pg_tools_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pg_bin() {
    local name="$1" dir
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
        return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
        if [ -x "$dir/$name" ]; then
            echo "$dir/$name"
            return 0
        fi
    done
    "$pg_tools_repo/scripts/ensure-postgres.sh" >&2
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
        if [ -x "$dir/$name" ]; then
            echo "$dir/$name"
            return 0
        fi
    done
    echo "PostgreSQL program $name not found" >&2
    return 1
}

# Npgsql "Key=Value;..." → libpq "key='value' ...". Keys Npgsql spells differently are mapped; unknown ones dropped.
_pg_parse() { # conn → lines "libpqkey<TAB>value"
    local conn="$1" pair key value
    IFS=';' read -r -a pairs <<<"$conn"
    for pair in "${pairs[@]}"; do
        [ -n "${pair//[[:space:]]/}" ] || continue
        key="$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
        value="${pair#*=}"
        case "$key" in
            host|server) printf 'host\t%s\n' "$value" ;;
            port) printf 'port\t%s\n' "$value" ;;
            database|db) printf 'dbname\t%s\n' "$value" ;;
            username|userid|user|uid) printf 'user\t%s\n' "$value" ;;
            password|pwd) printf 'password\t%s\n' "$value" ;;
            sslmode) printf 'sslmode\t%s\n' "$(echo "$value" | tr '[:upper:]' '[:lower:]')" ;;
        esac
    done
}


pg_conninfo_db() { # conn db → libpq string for that database
    local conn="$1" db="$2" key value out=""
    if [[ "$conn" == postgres://* || "$conn" == postgresql://* ]]; then
        # URI: replace the path (database); keep the rest.
        local rest="${conn#*://}" query=""
        [[ "$rest" == *"?"* ]] && query="?${rest#*\?}" && rest="${rest%%\?*}"
        echo "${conn%%://*}://${rest%%/*}/$db$query"
        return 0
    fi
    if [[ "$conn" != *";"* ]]; then
        # libpq keyword string: replace dbname.
        echo "$(echo "$conn" | sed -E "s/(^| )dbname=[^ ]*//g") dbname='$db'"
        return 0
    fi
    while IFS=$'\t' read -r key value; do
        [ "$key" = password ] && continue # pg_export_password: never on a command line
        [ "$key" = dbname ] && continue
        out+="$key='${value//\'/\\\'}' "
    done < <(_pg_parse "$conn")
    echo "${out}dbname='$db'"
}

pg_export_password() { # conn → export PGPASSWORD (Npgsql strings only; must run in the script's own shell)
    local conn="$1" key value
    [[ "$conn" == *";"* && "$conn" != postgres://* && "$conn" != postgresql://* ]] || return 0
    while IFS=$'\t' read -r key value; do
        if [ "$key" = password ]; then
            export PGPASSWORD="$value"
        fi
    done < <(_pg_parse "$conn")
    return 0
}

pg_dbname() {
    local conn="$1" key value
    if [[ "$conn" == postgres://* || "$conn" == postgresql://* ]]; then
        local rest="${conn#*://}"
        rest="${rest%%\?*}"
        echo "${rest#*/}"
        return 0
    fi
    if [[ "$conn" != *";"* ]]; then
        echo "$conn" | tr ' ' '\n' | sed -n "s/^dbname='\{0,1\}\([^']*\)'\{0,1\}$/\1/p" | head -n 1
        return 0
    fi
    while IFS=$'\t' read -r key value; do
        [ "$key" = dbname ] && echo "$value" && return 0
    done < <(_pg_parse "$conn")
}

pg_conninfo() {
    local conn="$1"
    pg_conninfo_db "$conn" "$(pg_dbname "$conn")"
}
