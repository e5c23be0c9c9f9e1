import type { App } from '@berth/spec';
import { formatTime } from '../format-time.js';
import type { Column } from '../table.js';

/** The columns of `berth apps list` and `get`. */
export const appColumns: readonly Column<App>[] = [
  { header: 'Name', value: (a) => a.name },
  { header: 'Display name', value: (a) => a.displayName },
  { header: 'Distribution', value: (a) => a.distribution },
  { header: 'Deployment', value: (a) => a.deployment },
  { header: 'OS', value: (a) => a.os },
  { header: 'Latest version', value: (a) => a.latestVersion },
  { header: 'Created', value: (a) => formatTime(a.createdAt) },
];
