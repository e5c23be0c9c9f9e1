/**
 * The unix sockets where a Docker Engine API may answer, in the order to try them: the
 * one named explicitly (`--engine-socket`), else DOCKER_HOST when it is `unix://…`, else
 * Docker's default, then rootless and rootful Podman's. A DOCKER_HOST that is not a
 * unix socket (tcp://…) is ignored: the agent only drives an engine on its own host.
 */
export function engineSockets(options: {
  explicit?: string;
  dockerHost?: string;
  xdgRuntimeDir?: string;
}): string[] {
  if (options.explicit) return [options.explicit.replace(/^unix:\/\//, '')];
  if (options.dockerHost?.startsWith('unix://'))
    return [options.dockerHost.slice('unix://'.length)];
  return [
    '/var/run/docker.sock',
    ...(options.xdgRuntimeDir ? [`${options.xdgRuntimeDir}/podman/podman.sock`] : []),
    '/run/podman/podman.sock',
  ];
}
