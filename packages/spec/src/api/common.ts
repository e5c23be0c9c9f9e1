import { z } from 'zod';

/** One failed check of a request: where (`path` into the body, or a query/path parameter) and why. */
export const fieldError = z.object({
  path: z.string().meta({ description: 'Where the problem is, e.g. `nodes[2].ports[0].port`' }),
  in: z.enum(['body', 'query', 'path', 'header']).optional(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldError>;

/** An RFC 9457 problem, as every failed request answers. */
export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable machine-readable reason, e.g. `not_found`' }),
    requestId: z.string().optional(),
    errors: z.array(fieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problem>;

/** A page of a list. `nextCursor` is null on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Query of every list endpoint. */
export const pageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Timestamps travel as ISO 8601 strings. */
export const timestamp = z.iso.datetime({ offset: true });
