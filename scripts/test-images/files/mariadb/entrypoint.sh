#!/bin/sh
# PID 1 of localhost/berth-test/mariadb: Debian's MariaDB server.
# First start: mariadb-install-db into /var/lib/mysql (a volume or not), root without a
# password from anywhere (test image; MARIADB_ROOT_PASSWORD sets one), database
# $MARIADB_DATABASE (default test). Then exec mariadbd, which drops to the mysql user itself
# and shuts down cleanly on TERM, so it can be PID 1. Extra arguments go to mariadbd.
# Health: `mariadb-admin ping`.
# Small InnoDB files and no native AIO: fast first start, and no dependence on io_uring or
# libaio being allowed inside the container.
# The official MySQL image's variables work too (MYSQL_ROOT_PASSWORD, MYSQL_DATABASE,
# MYSQL_USER, MYSQL_PASSWORD), so this image stands in for docker.io/library/mysql in the
# example-app tests (build.sh: examples).
set -eu
MARIADB_ROOT_PASSWORD="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
MARIADB_DATABASE="${MARIADB_DATABASE:-${MYSQL_DATABASE:-test}}"
MARIADB_USER="${MARIADB_USER:-${MYSQL_USER:-}}"
MARIADB_PASSWORD="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"
DATADIR=/var/lib/mysql
opts="--no-defaults --user=mysql --datadir=$DATADIR --skip-name-resolve \
  --innodb-log-file-size=8M --innodb-buffer-pool-size=64M --innodb-use-native-aio=0"
mkdir -p "$DATADIR" /run/mysqld
chown mysql:mysql "$DATADIR" /run/mysqld
if [ ! -d "$DATADIR/mysql" ]; then
  echo "mariadb: installing the system tables in $DATADIR"
  # Bootstrap mode runs with the grant system off; FLUSH PRIVILEGES turns it on so that
  # CREATE USER / GRANT work here, with no temporary server to start and stop.
  cat >/tmp/berth-init.sql <<SQL
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD:-}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
SQL
  if [ -n "$MARIADB_USER" ]; then
    cat >>/tmp/berth-init.sql <<SQL
CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
SQL
  fi
  # shellcheck disable=SC2086 # $opts is a list of options
  mariadb-install-db $opts --auth-root-authentication-method=normal --skip-test-db \
    --extra-file=/tmp/berth-init.sql >/tmp/berth-install-db.log 2>&1 ||
    { cat /tmp/berth-install-db.log >&2; exit 1; }
  rm -f /tmp/berth-init.sql
fi
echo "mariadb: starting"
# shellcheck disable=SC2086
exec mariadbd $opts --bind-address=0.0.0.0 --port=3306 --socket=/run/mysqld/mysqld.sock "$@"
