import { inject } from 'vitest';
import type { Templates } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/** The database templates the global setup built for this run. */
export function templates(): Templates {
  const pgliteDir = inject('pgliteTemplate');
  const postgresName = inject('postgresTemplate');
  return {
    ...(pgliteDir ? { pgliteDir } : {}),
    ...(postgresName ? { postgresName } : {}),
  };
}
