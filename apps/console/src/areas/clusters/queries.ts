/** Query keys of the clusters area, per account: invalidating a prefix refreshes its pages. */
export const clusterKeys = {
  all: (account: string) => ['clusters', account] as const,
  one: (account: string, cluster: string) => ['clusters', account, cluster] as const,
  nodes: (account: string, cluster: string) => ['clusters', account, cluster, 'nodes'] as const,
  components: (account: string, cluster: string) =>
    ['clusters', account, cluster, 'components'] as const,
  consoleUsers: (account: string, cluster: string) =>
    ['clusters', account, cluster, 'console-users'] as const,
};

/** Node status and facts change by themselves: the pages that show them poll. */
export const livePollMs = 2_000;
