import { describe, expect, it } from 'vitest';
import { appSpecJsonSchema } from './app-spec-json-schema.js';

describe('appSpecJsonSchema', () => {
  const id = 'https://berth.example.com/api/v1/schemas/app-spec.json';
  const schema = appSpecJsonSchema({ id }) as Doc;

  it('is draft 2020-12 with an id, and closed to unknown fields', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(id);
    expect(appSpecJsonSchema()).not.toHaveProperty('$id');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes the fields of api.md as people write them (specVersion optional)', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(
      [
        'dataModels',
        'loginFree',
        'nodes',
        'parameters',
        'permissions',
        'serverInstance',
        'services',
        'specVersion',
      ].sort(),
    );
    expect(schema.required ?? []).not.toContain('specVersion');
  });

  it('offers one variant per node kind, with name and image patterns for editors', () => {
    const variants = schema.properties.nodes.items.oneOf as Doc[];
    expect(variants.map((v) => v.properties.kind.const)).toEqual([
      'custom',
      'middleware',
      'managed',
      'init',
    ]);
    expect(variants[0].properties.name.pattern).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
    expect(variants[0].properties.image.pattern).toBeTypeOf('string');
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document
type Doc = any;
