# Shared by the scripts in scripts/engine and scripts/test-images (sourced, not run).
# One stable socket path so that tests, CI and developers agree on DOCKER_HOST without
# passing it around; /run because the socket and pid file must not outlive a reboot.
BERTH_ENGINE_SOCKET="${BERTH_ENGINE_SOCKET:-/run/berth-podman/podman.sock}"
BERTH_ENGINE_PIDFILE="$(dirname "$BERTH_ENGINE_SOCKET")/service.pid"
BERTH_ENGINE_LOG="${BERTH_ENGINE_LOG:-/var/log/berth-podman-service.log}"
