/** Query keys of the apps area, shared with the canvas so a save refreshes the lists. */
export const appKeys = {
  apps: (account: string) => ['apps', account] as const,
  app: (account: string, app: string) => ['apps', account, app] as const,
  versions: (account: string, app: string) => ['apps', account, app, 'versions'] as const,
  version: (account: string, app: string, version: string) =>
    ['apps', account, app, 'versions', version] as const,
};
