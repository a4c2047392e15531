#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store tests, on 127.0.0.1 only.
#
#   eval "$(.ci/start_postgres.sh)"      # installs if missing, starts, exports SCREENING_TEST_POSTGRES_URL
#   .ci/start_postgres.sh --stop         # stops it (the data folder is kept for the next start)
#
# Safe as root: the server runs as the `postgres` user (root may not run it). Only the export
# line goes to stdout; progress goes to stderr. Settings (environment, with defaults):
#   SCREENING_PG_DIR=/tmp/screening-pg   data folder, socket and log
#   SCREENING_PG_PORT=54329              TCP port on 127.0.0.1
set -euo pipefail

PG_DIR="${SCREENING_PG_DIR:-/tmp/screening-pg}"
PG_PORT="${SCREENING_PG_PORT:-54329}"
DB_NAME="screening_test"
DB_USER="screening"
DB_PASSWORD="screening"   # a local, throw-away test server: the password is not a secret
URL="postgresql+psycopg://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}"

log() { echo "start_postgres: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(find_bin)"
if [[ -z "${BIN}" || ! -x "${BIN}/pg_ctl" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    log "expected PostgreSQL in /usr/lib/postgresql/*/bin, but found none; run as root to install it"; exit 1
  fi
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
  BIN="$(find_bin)"
fi
[[ -x "${BIN}/pg_ctl" ]] || { log "expected ${BIN}/pg_ctl after installing, but it is missing"; exit 1; }

# Run a PostgreSQL tool as the server's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

DATA="${PG_DIR}/data"
if [[ "${1:-}" == "--stop" ]]; then
  as_owner "${BIN}/pg_ctl" -D "${DATA}" -m fast stop >&2 || true
  exit 0
fi

mkdir -p "${PG_DIR}"
if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "${PG_DIR}"; fi

if [[ ! -f "${DATA}/PG_VERSION" ]]; then
  log "initialising a cluster in ${DATA}"
  as_owner "${BIN}/initdb" -D "${DATA}" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >&2
fi

if ! as_owner "${BIN}/pg_isready" -q -h 127.0.0.1 -p "${PG_PORT}"; then
  log "starting the server on 127.0.0.1:${PG_PORT}"
  as_owner "${BIN}/pg_ctl" -D "${DATA}" -l "${PG_DIR}/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p ${PG_PORT} -k ${PG_DIR} -c fsync=off -c synchronous_commit=off" >&2 \
    || { log "the server did not start; its log:"; tail -n 30 "${PG_DIR}/server.log" >&2; exit 1; }
fi

psql_admin() { as_owner "${BIN}/psql" -h "${PG_DIR}" -p "${PG_PORT}" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")" != "1" ]]; then
  psql_admin -c "CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}'" >&2
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'")" != "1" ]]; then
  psql_admin -c "CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}" >&2
fi
log "ready: ${URL}"
echo "export SCREENING_TEST_POSTGRES_URL='${URL}'"
