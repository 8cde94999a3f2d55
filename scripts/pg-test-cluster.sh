#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary folder, run as a
# non-root user (postgres when we are root), listening on 127.0.0.1 on a free port, with one
# login role "yorisoi" (CREATEDB, not a superuser) whose password is in a libpq passfile.
#
#   scripts/pg-test-cluster.sh start STATE_DIR   # writes STATE_DIR/{url,passfile,pgdata,port}
#   scripts/pg-test-cluster.sh stop STATE_DIR    # stops the server, removes the cluster
#   YORISOI_PG_FSYNC=on: a durable cluster (benchmarks); the tests' default is off.
#
# The tests read STATE_DIR/url (postgresql://yorisoi@127.0.0.1:PORT/) and use PGPASSFILE.
set -euo pipefail

cmd=${1:?usage: pg-test-cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg-test-cluster.sh start|stop STATE_DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pg-test-cluster: PostgreSQL server not installed (scripts/install-deps.sh test)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/pgdata" ] || return 0
  local pgdata; pgdata=$(cat "$state/pgdata")
  if [ -d "$pgdata/data" ]; then
    as_pg "$bindir/pg_ctl" -D "$pgdata/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pgdata"
  rm -f "$state/pgdata" "$state/url" "$state/port"
}

# A random port; a port already taken makes pg_ctl start fail, and the start loop tries another.
free_port() {
  echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000))
}

case "$cmd" in
  start)
    mkdir -p "$state"
    stop  # a cluster left by an interrupted run
    pgdata=$(mktemp -d /tmp/yorisoi-pg-XXXXXX)
    chmod 755 "$pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pgdata"
    echo "$pgdata" > "$state/pgdata"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    as_pg "$bindir/initdb" -D "$pgdata/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >"$pgdata/initdb.log" 2>&1 ||
      { cat "$pgdata/initdb.log" >&2; exit 1; }
    cat >>"$pgdata/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdata'
max_connections = 300
shared_buffers = 64MB
log_min_messages = warning
# Only the server processes of the tests are killed, never the machine: fsync protects against
# power loss, which no test here can cause, and costs seconds per CREATE DATABASE. The
# benchmarks (bench/case_file.sh) start theirs with YORISOI_PG_FSYNC=on.
fsync = ${YORISOI_PG_FSYNC:-off}
CONF
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$(free_port)
      if as_pg "$bindir/pg_ctl" -D "$pgdata/data" -o "-p $port" -l "$pgdata/server.log" -w -t 30 start >/dev/null; then
        break
      fi
      [ "$attempt" -eq 8 ] && { cat "$pgdata/server.log" >&2; exit 1; }
    done
    as_pg "$bindir/psql" -h "$pgdata" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE yorisoi LOGIN CREATEDB PASSWORD '$password'" >/dev/null
    umask 077
    echo "127.0.0.1:$port:*:yorisoi:$password" > "$state/passfile"
    echo "$port" > "$state/port"
    echo "postgresql://yorisoi@127.0.0.1:$port/" > "$state/url"
    echo "pg-test-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pgdata)"
    ;;
  stop) stop ;;
  *) echo "usage: pg-test-cluster.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
