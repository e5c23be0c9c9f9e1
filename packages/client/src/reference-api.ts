import type { CatalogEntry } from '@berth/spec';
import type { Exchange } from './transport.js';

const v1 = '/api/v1';

/** The middleware catalog (any account member: `apps.read`) and the published schemas (public). */
export interface ReferenceApi {
  catalog: { middleware(): Promise<{ items: CatalogEntry[] }> };
  schemas: { appSpec(): Promise<Record<string, unknown>> };
}

/** The reference area of the client. */
export function createReferenceApi(exchange: Exchange): ReferenceApi {
  const get = async <T>(path: string) => (await exchange<T>({ method: 'GET', path })).body;
  return {
    catalog: { middleware: () => get(`${v1}/catalog/middleware`) },
    schemas: { appSpec: () => get(`${v1}/schemas/app-spec.json`) },
  };
}
