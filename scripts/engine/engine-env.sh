#!/usr/bin/env bash
# The environment Berth's engine tests need, after scripts/engine/setup-podman.sh.
#   source scripts/engine/engine-env.sh   exports it into the current shell (.ci/run does)
#   scripts/engine/engine-env.sh          prints it as export lines (eval "$(…)" works too)
#
# Only DOCKER_HOST is needed: the per-container ulimits this machine requires come from the
# containers.conf drop-in that setup-podman.sh writes (/etc/containers/containers.conf.d/
# 50-berth-engine.conf), which the API service reads itself. CONTAINERS_CONF is deliberately
# NOT set: it would make Podman ignore that drop-in (and every other containers.conf).
_berth_engine_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/engine/common.sh
. "$_berth_engine_dir/common.sh"
unset _berth_engine_dir

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: no `set -euo pipefail` here, it would leak into the caller's shell.
  export DOCKER_HOST="unix://$BERTH_ENGINE_SOCKET"
  if [ -n "${CONTAINERS_CONF:-}" ]; then
    echo "engine-env: warning: CONTAINERS_CONF=$CONTAINERS_CONF hides Berth's containers.conf drop-in from the podman CLI" >&2
  fi
else
  set -euo pipefail
  echo "export DOCKER_HOST=unix://$BERTH_ENGINE_SOCKET"
fi
