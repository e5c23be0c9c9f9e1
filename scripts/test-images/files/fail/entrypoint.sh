#!/bin/sh
# PID 1 of localhost/berth-test/fail: a node that crash-loops. Prints an error line on
# stderr and exits with $EXIT_CODE (default 1), after $FAIL_AFTER seconds (default 0).
# busybox sh. No `set -e`: `wait` returns non-zero when a trapped signal interrupts it.
set -u
echo "fail: starting"
if [ "${FAIL_AFTER:-0}" != 0 ]; then
  trap 'exit 143' TERM INT
  sleep "$FAIL_AFTER" &
  wait $!
fi
echo "fail: fatal error: simulated crash, exiting with ${EXIT_CODE:-1}" >&2
exit "${EXIT_CODE:-1}"
