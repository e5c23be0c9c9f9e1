import { z } from 'zod';
import { appSpecSchema } from './app-spec-schema.js';

/**
 * The JSON Schema (draft 2020-12) of the app spec document as people write it, generated
 * from the zod schema so the two cannot drift. Editors use it for completion and the
 * server serves it at /api/v1/schemas/app-spec.json (pass that absolute URL as `id`). It describes the shape only: the
 * rules that relate fields (references, deploy order, catalog…) need `validateAppSpec`.
 */
export function appSpecJsonSchema(options: { id?: string } = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(appSpecSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return { ...schema, ...(options.id ? { $id: options.id } : {}), title: 'Berth app spec' };
}
