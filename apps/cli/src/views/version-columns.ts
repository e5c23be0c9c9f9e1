import type { VersionSummary } from '@berth/spec';
import { formatTime } from '../format-time.js';
import type { Column } from '../table.js';

/** The columns of `berth versions list` and of a single version's row. */
export const versionColumns: readonly Column<VersionSummary>[] = [
  { header: 'Version', value: (v) => v.version },
  { header: 'Kind', value: (v) => v.kind },
  { header: 'From', value: (v) => v.from },
  { header: 'State', value: (v) => v.state },
  { header: 'Created', value: (v) => formatTime(v.createdAt) },
  { header: 'Published', value: (v) => formatTime(v.publishedAt) },
];
