import { z } from 'zod';

/**
 * One difference between two app specs. `path` is where the change is in the newer
 * document (`nodes[1].image`); for a removal, the collection or field that lost the entry
 * (`nodes`, `nodes[0].env`). `summary` is a sentence for people:
 * "node web: image changed from acme/web:1.3.0 to acme/web:1.4.0".
 */
export const specChange = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  summary: z.string(),
});
export type SpecChange = z.infer<typeof specChange>;
