#!/bin/sh
# PID 1 of localhost/berth-test/redis: Debian's redis-server on 6379, nothing persisted.
# exec: redis-server handles TERM itself (it shuts down cleanly), so it can be PID 1.
# Extra arguments are passed on (e.g. --requirepass secret). Health: `redis-cli ping`.
set -eu
mkdir -p /data
exec redis-server --bind 0.0.0.0 '-::*' --protected-mode no --port "${REDIS_PORT:-6379}" \
  --save '' --appendonly no --dir /data "$@"
