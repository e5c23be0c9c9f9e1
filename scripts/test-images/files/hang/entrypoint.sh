#!/bin/sh
# PID 1 of localhost/berth-test/hang: a node that starts and listens but never becomes
# healthy. Every request on $PORT (default 8080), /healthz included, gets a 500.
# busybox `nc -ll -e` accepts connections forever, one handler process per connection.
# The shell stays PID 1 so that it can trap TERM (see web/entrypoint.sh for why).
# busybox sh. No `set -e`: `wait` returns non-zero when a trapped signal interrupts it.
set -u
PORT="${PORT:-8080}"
echo "hang: listening on port $PORT; /healthz will answer 500 forever"
nc -ll -p "$PORT" -e /usr/local/bin/hang-handler &
nc_pid=$!
trap 'echo "hang: stopping"; kill -TERM "$nc_pid" 2>/dev/null; exit 0' TERM INT
wait "$nc_pid"
exit $?
