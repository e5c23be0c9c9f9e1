#!/bin/sh
# /app/migrate of the stand-in image for registry.example.com/acme/shop-migrate (the
# three-tier example): connects to the database named by $DATABASE_URL
# (mysql://USER:PASSWORD@HOST:PORT/DB, as the spec's ${db.url} reference renders it) with
# the MariaDB client and records this version in schema_migrations. A failure to connect
# fails the init node, so a test that sees it succeed knows the reference, the generated
# password and the instance network all worked.
set -eu
url="${DATABASE_URL:?DATABASE_URL is not set}"
rest="${url#mysql://}"
creds="${rest%%@*}"
location="${rest#*@}"
user="${creds%%:*}"
password="${creds#*:}"
hostport="${location%%/*}"
database="${location#*/}"
host="${hostport%%:*}"
port="${hostport##*:}"
echo "migrate: $* — $database on $host:$port as $user"
MYSQL_PWD="$password" mariadb --host="$host" --port="$port" --user="$user" \
  --connect-timeout=10 "$database" -e "
CREATE TABLE IF NOT EXISTS schema_migrations (
  version varchar(32) PRIMARY KEY,
  applied_at timestamp DEFAULT current_timestamp
);
INSERT IGNORE INTO schema_migrations (version) VALUES ('${SHOP_VERSION:-unknown}');"
echo "migrate: schema at ${SHOP_VERSION:-unknown}"
