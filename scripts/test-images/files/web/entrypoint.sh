#!/bin/sh
# PID 1 of localhost/berth-test/web. busybox httpd serves /www on $PORT (default 8080):
#   /healthz -> 200 "ok" (remove /www/healthz with an exec to make the node unhealthy)
#   /        -> the greeting; /version -> the image's WEB_VERSION
# Why a shell and not httpd itself as PID 1: the kernel drops signals that PID 1 has no
# handler for, and httpd installs none, so `docker stop` would wait out its timeout and then
# SIGKILL. This shell traps TERM/INT, stops httpd and exits 0 at once.
# busybox sh. No `set -e`: `wait` returns non-zero when a trapped signal interrupts it.
set -u
PORT="${PORT:-8080}"
LOG_DIR=/var/log/web
mkdir -p "$LOG_DIR" /www

msg="web: starting version ${WEB_VERSION:-?} on port $PORT, GREETING=${GREETING:-}"
echo "$msg"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $msg" >>"$LOG_DIR/web.log"

printf '%s\n' "${GREETING:-hello}" >/www/index.html
printf '%s\n' "${WEB_VERSION:-?}" >/www/version
[ -n "${UNHEALTHY:-}" ] || echo ok >/www/healthz

# httpd -vv prints one line per request ("IP:PORT: url:/x" and "...: response:200") on its
# stderr; tee copies them to the access log file and to the container's stdout.
fifo=/tmp/httpd-log.fifo
rm -f "$fifo"
mkfifo "$fifo"
tee -a "$LOG_DIR/access.log" <"$fifo" &
tee_pid=$!
httpd -f -vv -p "$PORT" -h /www 2>"$fifo" &
httpd_pid=$!

stop() {
  echo "web: stopping"
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) web: stopping" >>"$LOG_DIR/web.log"
  kill -TERM "$httpd_pid" 2>/dev/null
  wait "$httpd_pid" 2>/dev/null
  wait "$tee_pid" 2>/dev/null
  exit 0
}
trap stop TERM INT

wait "$httpd_pid"
status=$?
echo "web: httpd exited with status $status" >&2
exit "$status"
