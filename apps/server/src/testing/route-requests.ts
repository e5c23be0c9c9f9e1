import type { z } from 'zod';
import type { RouteInfo } from '../app.js';

/**
 * Builds a request for any route from the route table: path parameters filled from
 * `values`, the body from the example its schema declares. Tests generated from the
 * route table use this, so a new route is covered the moment it is registered — and
 * fails loudly here if it declares a parameter or body the fixtures cannot fill.
 */
export function requestFor(route: RouteInfo, values: Record<string, string>) {
  const url = route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(
        `no fixture value for path parameter :${name} of ${route.method} ${route.url}`,
      );
    }
    return encodeURIComponent(value);
  });
  return { url, body: exampleBody(route, values) };
}

/** Body fields that name another resource, filled from the fixtures like path parameters. */
const referenceFields = ['account', 'app', 'version', 'cluster'];

/** The route's example body, with fields that name another account filled from `values`. */
export function exampleBody(
  route: RouteInfo,
  values: Record<string, string> = {},
): Record<string, unknown> | undefined {
  if (!route.body) return undefined;
  const example = (route.body as z.ZodType).meta()?.example as Record<string, unknown> | undefined;
  if (!example) {
    throw new Error(
      `${route.method} ${route.url} has a body schema without an example (.meta({ example }))`,
    );
  }
  const body = structuredClone(example);
  for (const key of referenceFields)
    if (key in body && values[key] !== undefined) body[key] = values[key];
  return body;
}
