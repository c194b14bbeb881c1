#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL on loopback for the store contract
# tests and prints the environment needed to reach it.
#
# Usage (from the repo root):
#   source <(bash .ci/pg-start.sh)        # exports TEST_DATABASE_URL
#   eval "$(bash .ci/pg-start.sh)"        # same, for shells without <( )
#   bash .ci/pg-start.sh --env-file F     # also writes the export lines to F
#   bash .ci/pg-start.sh stop             # stops the server (data dir is kept)
#
# stdout carries ONLY `export NAME=value` lines; progress goes to stderr.
# Idempotent: if a server already answers on the port it is reused, unless
# PMO_PG_FRESH=1 (what .ci/run sets): then it refuses, because a server it
# did not start may hold someone else's data or run another version.
#
# Environment knobs:
#   PMO_PG_PORT   port on 127.0.0.1 (default 55432)
#   PMO_PG_DIR    data/socket/log folder (default /tmp/pmo-guide-pg-$PORT)
#   PMO_PG_FRESH  1: never reuse a running server
#
# Works as root (CI): postgres refuses to run as root, so the server runs as
# the `postgres` OS user, created if missing. Binaries come from PATH,
# /usr/lib/postgresql/*/bin, or are installed with apt-get as a last resort.
set -euo pipefail

PORT="${PMO_PG_PORT:-55432}"
BASE="${PMO_PG_DIR:-/tmp/pmo-guide-pg-${PORT}}"
DATA="$BASE/data"
DB=pmo_guide_test
SUPERUSER=postgres
URL="postgres://${SUPERUSER}@127.0.0.1:${PORT}/${DB}"

log() { echo "pg-start: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_bindir() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  # Debian keeps server binaries off PATH; prefer the newest major version.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_bindir() {
  if BINDIR="$(find_bindir)"; then return 0; fi
  [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL binaries not found and not root to install them"
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  BINDIR="$(find_bindir)" || die "PostgreSQL binaries still not found after apt-get install"
}

# Runs a command as the server's OS user: ourselves, unless we are root.
as_pg() {
  if [[ "$(id -u)" -ne 0 ]]; then "$@"; return; fi
  if command -v runuser >/dev/null 2>&1; then
    runuser -u "$SUPERUSER" -- "$@"
  else
    su -s /bin/sh "$SUPERUSER" -c "$(printf '%q ' "$@")"
  fi
}

ensure_os_user() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  id "$SUPERUSER" >/dev/null 2>&1 && return 0
  log "creating OS user $SUPERUSER"
  useradd --system --home-dir "$BASE" --shell /bin/sh "$SUPERUSER"
}

# The Debian psql wrapper needs a cluster config; the bindir's psql does not.
pick_psql() {
  if [[ -x "$BINDIR/psql" ]]; then echo "$BINDIR/psql"; else command -v psql; fi
}

is_ready() {
  local isready="$BINDIR/pg_isready"
  [[ -x "$isready" ]] || isready="$(command -v pg_isready || true)"
  if [[ -n "$isready" ]]; then
    "$isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1
  else
    "$(pick_psql)" -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1
  fi
}

init_cluster() {
  mkdir -p "$BASE"
  [[ "$(id -u)" -eq 0 ]] && chown "$SUPERUSER" "$BASE"
  chmod 700 "$BASE"
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  log "initdb in $DATA"
  # trust auth is fine: the server only listens on loopback and holds test data.
  as_pg "$BINDIR/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust -E UTF8 --locale=C >&2
}

start_server() {
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  # fsync off: the data is disposable and CI runs get noticeably faster.
  as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$BASE/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE -c fsync=off" >&2 \
    || { tail -n 30 "$BASE/postgres.log" >&2 || true; die "pg_ctl start failed"; }
  local i
  for i in $(seq 1 60); do
    is_ready && return 0
    sleep 0.5
  done
  die "PostgreSQL did not become ready on port $PORT (log: $BASE/postgres.log)"
}

ensure_database() {
  local psql
  psql="$(pick_psql)"
  local q=(-h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -v ON_ERROR_STOP=1 -Atq)
  if [[ "$("$psql" "${q[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    log "creating database $DB"
    "$psql" "${q[@]}" -d postgres -c "CREATE DATABASE $DB" >&2
  fi
}

main() {
  local env_file=""
  case "${1:-}" in
    stop)
      ensure_bindir
      [[ -f "$DATA/PG_VERSION" ]] && as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast stop >&2 || true
      exit 0
      ;;
    --env-file) env_file="${2:?--env-file needs a path}" ;;
    "") ;;
    *) die "unknown argument: $1 (see usage at the top of $0)" ;;
  esac

  ensure_bindir
  if is_ready && [[ "${PMO_PG_FRESH:-}" == 1 ]]; then
    die "a PostgreSQL this script did not start already answers on 127.0.0.1:$PORT; pick another PMO_PG_PORT"
  elif is_ready; then
    log "reusing PostgreSQL already running on 127.0.0.1:$PORT"
  else
    ensure_os_user
    init_cluster
    start_server
  fi
  ensure_database

  local out="export TEST_DATABASE_URL=$URL"
  [[ -n "$env_file" ]] && echo "$out" >"$env_file"
  echo "$out"
}

main "$@"
