import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource } from './source-document.js';

const yamlText = `# a comment
apiVersion: berth/v1
spec:
  nodes:
    - name: db
      kind: middleware
    - name: web
      ports:
        - { name: http, port: 99999 }
        - name: api
          port: 9000
      env:
        MY-VAR: x
        "quoted key": y
`;

const jsonText = `{
  "spec": {
    "nodes": [
      { "name": "db" },
      {
        "name": "web",
        "ports": [{ "name": "http", "port": 99999 }]
      }
    ]
  }
}
`;

describe(parseSource, () => {
  it('parses YAML to plain data', () => {
    const source = parseSource(yamlText);

    expect(source.syntaxErrors).toEqual([]);
    expect(source.value).toMatchObject({ spec: { nodes: [{ name: 'db' }, { name: 'web' }] } });
  });

  it('locates a map entry at its key, a list item at its first character', () => {
    const { locate } = parseSource(yamlText);

    expect(locate(['apiVersion'])).toEqual({ line: 2, column: 1 });
    expect(locate(['spec', 'nodes'])).toEqual({ line: 4, column: 3 });
    expect(locate(['spec', 'nodes', 1])).toEqual({ line: 7, column: 7 });
    expect(locate(['spec', 'nodes', 1, 'ports', 0, 'port'])).toEqual({ line: 9, column: 25 });
    expect(locate(['spec', 'nodes', 1, 'ports', 1, 'port'])).toEqual({ line: 11, column: 11 });
  });

  it('locates keys that are not identifiers', () => {
    const { locate } = parseSource(yamlText);

    expect(locate(['spec', 'nodes', 1, 'env', 'MY-VAR'])).toEqual({ line: 13, column: 9 });
    expect(locate(['spec', 'nodes', 1, 'env', 'quoted key'])).toEqual({ line: 14, column: 9 });
  });

  it('maps a path the file does not have to its nearest ancestor', () => {
    const { locate } = parseSource(yamlText);

    // a missing required field: the node that lacks it
    expect(locate(['spec', 'nodes', 0, 'image'])).toEqual({ line: 5, column: 7 });
    // an index past the end: the list
    expect(locate(['spec', 'nodes', 5, 'name'])).toEqual({ line: 4, column: 3 });
    // a key under a scalar: the scalar's entry
    expect(locate(['apiVersion', 'x'])).toEqual({ line: 2, column: 1 });
    // an index into a map: the map's entry
    expect(locate(['spec', 0])).toEqual({ line: 3, column: 1 });
  });

  it('locates the empty path at the start of the content, after comments', () => {
    expect(parseSource(yamlText).locate([])).toEqual({ line: 2, column: 1 });
    expect(parseSource('').locate(['spec'])).toEqual({ line: 1, column: 1 });
  });

  it('reads JSON with the same parser and locates into it', () => {
    const source = parseSource(jsonText);

    expect(source.value).toEqual(JSON.parse(jsonText));
    expect(source.locate(['spec', 'nodes', 1, 'ports', 0, 'port'])).toEqual({
      line: 7,
      column: 37,
    });
    expect(source.locate(['spec', 'nodes', 0])).toEqual({ line: 4, column: 7 });
    expect(source.locate(['spec', 'nodes', 0, 'kind'])).toEqual({ line: 4, column: 7 });
  });

  it('reports syntax errors where the parser stopped, and no value', () => {
    const source = parseSource('spec:\n  nodes: [1\nversion: 1.0.0\n');

    expect(source.value).toBeUndefined();
    expect(source.syntaxErrors[0]).toMatchObject({ path: '', line: 3, column: 1 });
    expect(source.syntaxErrors[0]?.message).not.toContain('\n');
  });

  it('refuses duplicate keys, as JSON.parse would silently not', () => {
    const source = parseSource('{"a": 1, "a": 2}');

    expect(source.syntaxErrors).toEqual([
      { path: '', message: 'Map keys must be unique', line: 1, column: 10 },
    ]);
  });

  it('round-trips JSON and locates every leaf at its key (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 8 })),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value, null, 2);
        const source = parseSource(text);
        expect(source.value).toEqual(value);
        const lines = text.split('\n');
        for (const path of mapKeyPaths(value)) {
          const { line, column } = source.locate(path);
          const at = lines[line - 1]?.slice(column - 1) ?? '';
          expect(at.startsWith(JSON.stringify(path.at(-1)))).toBe(true);
        }
      }),
    );
  });
});

/** Every path that ends in a map key. */
function mapKeyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => mapKeyPaths(v, [...prefix, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    [...prefix, k],
    ...mapKeyPaths(v, [...prefix, k]),
  ]);
}
