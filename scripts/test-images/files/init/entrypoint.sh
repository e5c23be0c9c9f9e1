#!/bin/sh
# PID 1 of localhost/berth-test/init: a one-shot job (migration, seed) for init-node tests.
#   prints its arguments and environment;
#   SLEEP=N  runs N seconds first (TERM ends it at once with 143);
#   FAIL=1   exits 1 instead of succeeding;
#   MARKER   file touched on success when its directory exists, i.e. when a volume is
#            mounted there (default /data/init-done; the image has no /data of its own).
# busybox sh. No `set -e`: `wait` returns non-zero when a trapped signal interrupts it.
set -u
echo "init: starting with $# argument(s): $*"
env | sort | sed 's/^/init: env /'
if [ "${SLEEP:-0}" != 0 ]; then
  echo "init: sleeping ${SLEEP}s"
  trap 'echo "init: terminated"; exit 143' TERM INT
  sleep "$SLEEP" &
  wait $!
fi
if [ "${FAIL:-0}" = 1 ]; then
  echo "init: failing because FAIL=1" >&2
  exit 1
fi
marker="${MARKER:-/data/init-done}"
if [ -d "$(dirname "$marker")" ]; then
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >>"$marker"
  echo "init: wrote $marker"
else
  echo "init: no $(dirname "$marker") mounted, no marker written"
fi
echo "init: done"
