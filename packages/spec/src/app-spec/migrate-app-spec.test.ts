import { describe, expect, it } from 'vitest';
import { migrateAppSpec, migrateWith, type SpecMigration } from './migrate-app-spec.js';
import { validateAppSpec } from './validate-app-spec.js';

/** A spec as published before `specVersion` existed: it must stay readable for years. */
const publishedWithoutVersion = Object.freeze({
  nodes: [{ name: 'web', kind: 'custom', image: 'registry.example.com/acme/web:1.0.0' }],
});

describe('migrateAppSpec', () => {
  it('reads a document without specVersion as version 1 and validates it', () => {
    const result = migrateAppSpec(publishedWithoutVersion);
    expect(result).toMatchObject({ ok: true, from: 1, to: 1 });
    expect(validateAppSpec(publishedWithoutVersion)).toMatchObject({
      ok: true,
      spec: { specVersion: 1 },
    });
  });

  it('refuses a document newer than this code, at specVersion, saying to upgrade', () => {
    expect(validateAppSpec({ specVersion: 7, nodes: [] })).toEqual({
      ok: false,
      errors: [
        {
          path: 'specVersion',
          message:
            'is 7, newer than this Berth reads (up to 1): upgrade Berth or write specVersion 1',
        },
      ],
    });
  });

  it('leaves a specVersion that is no version to the schema', () => {
    expect(validateAppSpec({ specVersion: 'one' }).ok).toBe(false);
  });

  it('runs the chain of migrations in order, without touching the input (mechanism)', () => {
    // A pretend future: v2 renamed `nodes` to `components`, v3 added `labels`.
    const chain: Record<number, SpecMigration> = {
      1: ({ nodes, ...rest }) => ({ ...rest, components: nodes }),
      2: (doc) => ({ ...doc, labels: {} }),
    };
    const old = Object.freeze({ specVersion: 1, nodes: [] });
    expect(migrateWith(old, chain, 3)).toEqual({
      ok: true,
      from: 1,
      to: 3,
      doc: { specVersion: 3, components: [], labels: {} },
    });
    expect(migrateWith({ specVersion: 2, components: [] }, chain, 3)).toMatchObject({
      ok: true,
      from: 2,
      doc: { labels: {} },
    });
  });

  it('reports a gap in the chain instead of guessing', () => {
    expect(migrateWith({ specVersion: 1 }, {}, 2)).toEqual({
      ok: false,
      from: 1,
      message: 'has no migration from 1',
    });
  });
});
