import type { CatalogEntry } from '@berth/spec';
import type { Column } from '../table.js';

/** The columns of `berth catalog list`: what a middleware node's `template` and `version` may name. */
export const catalogColumns: readonly Column<CatalogEntry>[] = [
  { header: 'Name', value: (e) => e.name },
  { header: 'Display name', value: (e) => e.displayName },
  { header: 'Image', value: (e) => e.image },
  { header: 'Tags', value: (e) => e.tags.join(', ') },
  {
    header: 'Ports',
    value: (e) => e.ports.map((p) => `${p.name}:${p.port}/${p.protocol}`).join(', '),
  },
];
