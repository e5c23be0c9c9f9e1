import { middlewareCatalog } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { fakeServerFlags, jsonAnswer, runCliInProcess } from '../testing/run-cli-in-process.js';

describe('berth catalog list', () => {
  it('shows each entry with its image, tags and ports', async () => {
    const run = await runCliInProcess(['catalog', 'list', ...fakeServerFlags], {
      answer: () => jsonAnswer(200, { items: middlewareCatalog }),
    });

    expect(run.code).toBe(0);
    expect(run.requests[0]?.path).toBe('/api/v1/catalog/middleware');
    expect(run.stdout).toMatch(/^NAME\s+DISPLAY NAME\s+IMAGE\s+TAGS\s+PORTS$/m);
    expect(run.stdout).toMatch(
      /^mysql\s+MySQL\s+docker\.io\/library\/mysql\s+8\.0, 8\.4\s+mysql:3306\/tcp$/m,
    );
  });
});
