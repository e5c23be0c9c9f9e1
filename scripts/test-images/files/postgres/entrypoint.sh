#!/bin/sh
# PID 1 of localhost/berth-test/postgres: Debian's PostgreSQL server binaries.
# First start: initdb into $PGDATA (default /var/lib/postgresql/data, a volume or not) as the
# `postgres` user (PostgreSQL refuses to run as root), trust auth from anywhere (test image),
# superuser $POSTGRES_USER (default postgres), database $POSTGRES_DB created if set.
# Then exec postgres via `su` (busybox su execs without forking), so postgres is PID 1 and
# handles the stop signal itself; the image sets STOPSIGNAL SIGINT = "fast" shutdown, since
# the default TERM ("smart") waits for clients to disconnect. Health: `pg_isready`.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
POSTGRES_USER="${POSTGRES_USER:-postgres}"
export PGDATA
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_pg() { su -s /bin/sh postgres -c "$*"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "postgres: initdb in $PGDATA"
  as_pg "initdb -D '$PGDATA' -U '$POSTGRES_USER' --auth=trust -E UTF8 --locale=C --no-sync" \
    >/dev/null
  echo "host all all 0.0.0.0/0 trust" >>"$PGDATA/pg_hba.conf"
  echo "host all all ::/0 trust" >>"$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\"" |
      as_pg "postgres --single -D '$PGDATA' postgres" >/dev/null
  fi
fi
echo "postgres: starting"
exec su -s /bin/sh postgres -c "exec postgres -D '$PGDATA' -c listen_addresses='*' \
  -c jit=off -c unix_socket_directories=/run/postgresql $*"
