#!/usr/bin/env bash
# Makes a real container engine available to Berth's tests: Podman 4.3 (Debian 12) with its
# Docker-compatible API on a unix socket. Idempotent; run as root (CI runs as root).
#
#   scripts/engine/setup-podman.sh            install, configure, start (or keep) the service
#   scripts/engine/setup-podman.sh --restart  same, but restart a running service
#   scripts/engine/setup-podman.sh --stop     stop the service this script started
#
# Then `source scripts/engine/engine-env.sh` exports DOCKER_HOST for the tests.
# docs/podman.md explains each quirk handled below and what was measured.
set -euo pipefail

# shellcheck source=scripts/engine/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode=start
case "${1:-}" in
  '') ;;
  --restart) mode=restart ;;
  --stop) mode=stop ;;
  *) echo "usage: $0 [--restart|--stop]" >&2; exit 2 ;;
esac

log() { printf '[setup-podman] %s\n' "$*" >&2; }
die() { printf '[setup-podman] ERROR: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  die "run as root (rootful Podman; it installs packages and mounts a cgroup): sudo $0"
fi

stop_service() {
  local pid
  pid="$(cat "$BERTH_ENGINE_PIDFILE" 2>/dev/null || true)"
  # Only ever signal the process this script started (its pid file), and only if it still
  # is a podman service on our socket: a recycled pid must not be killed by mistake.
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
    grep -q "podman system service .*unix://$BERTH_ENGINE_SOCKET"; then
    log "stopping the API service (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$BERTH_ENGINE_PIDFILE" "$BERTH_ENGINE_SOCKET"
}

if [ "$mode" = stop ]; then
  stop_service
  exit 0
fi

# --- 1. Debian packages --------------------------------------------------------------------
# podman/crun/conmon: the engine; netavark + aardvark-dns: bridge networks with name
# resolution between containers; iptables: netavark 1.4 programs port forwarding through the
# iptables binary and fails with "netavark: No such file or directory" without it;
# catatonit: the init that `--init` / HostConfig.Init uses; busybox-static: the base of every
# test image; curl: to wait for the API. No uidmap/slirp4netns/fuse-overlayfs: rootful Podman
# with native overlay on ext4 needs none of them. --no-install-recommends keeps out buildah,
# dbus-user-session and the rootless helpers.
packages=(podman crun conmon netavark aardvark-dns iptables catatonit busybox-static curl)
missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
fi

# --- 2. cgroups ----------------------------------------------------------------------------
# This machine boots in cgroup "hybrid" mode: v1 hierarchies under a tmpfs /sys/fs/cgroup plus
# a cgroup2 mount at /sys/fs/cgroup/unified. crun 1.8 refuses to run ("cgroups in hybrid mode
# not supported, drop all controllers from cgroupv2") while that cgroup2 mount still owns a
# controller. Here the only one left there is hugetlb; mounting each such controller as a v1
# hierarchy moves it out of cgroup2, which satisfies crun. Generic over the controller list so
# a machine that leaves another controller there is fixed the same way.
if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] &&
  [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
  for c in $(cat /sys/fs/cgroup/unified/cgroup.controllers); do
    log "mounting the $c cgroup controller as cgroup v1 (crun refuses hybrid mode otherwise)"
    mkdir -p "/sys/fs/cgroup/$c"
    mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
  done
  if [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers)" ]; then
    die "cgroup2 still owns controllers: $(cat /sys/fs/cgroup/unified/cgroup.controllers)"
  fi
fi

# --- 3. containers.conf drop-in -------------------------------------------------------------
# The sandbox this runs in lacks CAP_SYS_RESOURCE and caps RLIMIT_NOFILE at 20000 (hard), but
# rootful Podman gives every container nofile=nproc=1048576 by default, which crun cannot set
# ("setrlimit RLIMIT_NOFILE: Operation not permitted"). default_ulimits lowers that default.
# We use the documented drop-in directory (containers.conf(5): /etc/containers/
# containers.conf.d/*.conf is read after /usr/share/containers/containers.conf and overrides
# only the keys it sets) instead of CONTAINERS_CONF, which replaces every containers.conf and
# would need a full copy of the distribution's file kept in sync. Verified: the API service
# applies it to containers created through the Docker API without HostConfig.Ulimits, and
# the plain `podman` CLI picks it up too. The network backend is pinned so that Debian's
# leftover CNI config (/etc/cni/net.d/87-podman-bridge.conflist) is never considered.
dropin_dir=/etc/containers/containers.conf.d
dropin="$dropin_dir/50-berth-engine.conf"
dropin_content='# Written by Berth scripts/engine/setup-podman.sh; see docs/podman.md. Do not edit.
[containers]
# crun cannot raise limits above the hard limits of this sandbox (no CAP_SYS_RESOURCE).
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[network]
network_backend = "netavark"'
config_changed=0
mkdir -p "$dropin_dir"
if [ "$(cat "$dropin" 2>/dev/null)" != "$dropin_content" ]; then
  log "writing $dropin"
  printf '%s\n' "$dropin_content" >"$dropin"
  config_changed=1
fi

# CONTAINERS_CONF makes Podman ignore every other containers.conf, our drop-in included.
if [ -n "${CONTAINERS_CONF:-}" ]; then
  log "warning: ignoring CONTAINERS_CONF=$CONTAINERS_CONF (it would disable $dropin)"
  unset CONTAINERS_CONF
fi

# --- 4. smoke test of the runtime (CLI) -----------------------------------------------------
# Runs busybox from an exploded root (--rootfs: no image, no registry) on the default bridge
# network, so a broken cgroup, ulimit or netavark/iptables set-up fails here with Podman's
# own message instead of deep inside a test.
smoke_root="$(mktemp -d /var/tmp/berth-podman-smoke.XXXXXX)"
trap 'rm -rf "$smoke_root"' EXIT
mkdir -p "$smoke_root/bin"
cp /bin/busybox "$smoke_root/bin/busybox"
if ! out="$(podman run --rm --rootfs "$smoke_root" /bin/busybox sh -c 'ulimit -n' 2>&1)" ||
  [ "$(printf '%s' "$out" | tail -1)" != 1024 ]; then
  die "podman run smoke test failed: $out"
fi

# --- 5. the Docker-compatible API service ---------------------------------------------------
api_up() {
  curl -sf --max-time 2 --unix-socket "$BERTH_ENGINE_SOCKET" http://d/version >/dev/null 2>&1
}

if [ "$mode" = restart ] || [ "$config_changed" = 1 ]; then
  # A running service keeps the configuration it read at start.
  stop_service
fi

if api_up; then
  log "API service already answering on $BERTH_ENGINE_SOCKET"
else
  # A socket file without a listener is left over from a killed service (e.g. the session
  # that preceded a CI run); podman would fail to bind it.
  rm -f "$BERTH_ENGINE_SOCKET"
  mkdir -p "$(dirname "$BERTH_ENGINE_SOCKET")"
  log "starting podman system service on unix://$BERTH_ENGINE_SOCKET (log: $BERTH_ENGINE_LOG)"
  # --time=0: never exit for inactivity. setsid + all fds redirected: the service must not
  # hold the caller's stdout (CI would wait on it) nor die with the caller's session.
  # Started from /: conmon writes an `oom` marker into its working directory when a
  # container is OOM-killed, which would otherwise land in the caller's checkout.
  (cd / && exec setsid podman system service --time=0 "unix://$BERTH_ENGINE_SOCKET" \
    </dev/null >>"$BERTH_ENGINE_LOG" 2>&1) &
  echo $! >"$BERTH_ENGINE_PIDFILE"
  for _ in $(seq 1 150); do
    api_up && break
    kill -0 "$(cat "$BERTH_ENGINE_PIDFILE")" 2>/dev/null || break
    sleep 0.2
  done
  api_up || die "the API did not answer on $BERTH_ENGINE_SOCKET; last log lines:
$(tail -20 "$BERTH_ENGINE_LOG" 2>/dev/null)"
fi

version="$(curl -sf --max-time 2 --unix-socket "$BERTH_ENGINE_SOCKET" http://d/version |
  sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p')"
log "Podman $(podman --version | awk '{print $3}'), Docker API $version"
echo "DOCKER_HOST=unix://$BERTH_ENGINE_SOCKET"
