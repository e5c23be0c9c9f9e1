// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appSpecExample } from './app-spec-example.js';
import { middlewareCatalog } from './catalog/middleware-catalog.js';
import { diffAppSpecs } from './diff-app-specs.js';
import { patchViolations } from './patch-violations.js';
import { planDeployment } from './plan-deployment.js';
import { formatPath, type PathKey, resolvePath } from './spec-path.js';
import type { Doc } from './testing/spec-fixtures.js';
import { validateAppSpec } from './validate-app-spec.js';

/** An error path is valid when it leads into the input, or to a missing field of an object in it. */
function pathIsValid(input: unknown, path: string): boolean {
  const resolved = resolvePath(input, path);
  return resolved.found || resolved.parentFound;
}

/** Every path of a JSON value, for mutating a valid document at a random place. */
function allPaths(value: unknown, prefix: PathKey[] = []): PathKey[][] {
  const here = [prefix];
  if (Array.isArray(value))
    return here.concat(value.flatMap((v, i) => allPaths(v, [...prefix, i])));
  if (value !== null && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([k, v]) => allPaths(v, [...prefix, k])));
  return here;
}

function setAt(root: Doc, path: PathKey[], value: unknown): Doc {
  if (path.length === 0) return value;
  const copy = structuredClone(root);
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path[path.length - 1] as PathKey;
  if (value === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = value;
  return copy;
}

const examplePaths = allPaths(appSpecExample);

/** The api.md example with one place replaced by arbitrary JSON (or removed). */
const mutatedExample = fc
  .tuple(
    fc.constantFrom(...examplePaths),
    fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
  )
  .map(([path, value]) => setAt(appSpecExample, path, value));

const gene = fc.record({
  kind: fc.constantFrom('custom', 'custom', 'custom', 'init', 'middleware', 'managed'),
  deps: fc.uniqueArray(fc.nat(1000), { maxLength: 4 }),
  ports: fc.integer({ min: 0, max: 3 }),
  expose: fc.boolean(),
  refs: fc.array(fc.nat(1000), { maxLength: 3 }),
  paramRef: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 3 }),
  cpu: fc.integer({ min: 1, max: 4000 }),
  memory: fc.integer({ min: 1, max: 4096 }),
  template: fc.constantFrom(...middlewareCatalog.map((e) => e.name)),
  engine: fc.constantFrom('postgres', 'mysql'),
});
type Gene = typeof gene extends fc.Arbitrary<infer G> ? G : never;

function referenceTo(target: Doc): string | undefined {
  if (target.kind === 'init') return undefined;
  if (target.kind === 'custom')
    return target.ports?.length
      ? `${target.name}:\${${target.name}.port}`
      : `\${${target.name}.host}`;
  if (target.kind === 'middleware') return `\${${target.name}.host}:\${${target.name}.port}`;
  return `\${${target.name}.url}`;
}

/** A random DAG of nodes: each depends on earlier ones; env references reach ancestors only. */
function buildSpec(genes: Gene[]): Doc {
  const nodes: Doc[] = [];
  const ancestors: Set<number>[] = [];
  genes.forEach((g, i) => {
    const deps = i === 0 ? [] : [...new Set(g.deps.map((d) => d % i))];
    ancestors[i] = new Set(deps.flatMap((d) => [d, ...(ancestors[d] ?? [])]));
    const node: Doc = {
      name: `n${i}`,
      kind: g.kind,
      ...(deps.length ? { dependsOn: deps.map((d) => `n${d}`) } : {}),
    };
    if (g.kind === 'middleware') {
      const entry = middlewareCatalog.find((e) => e.name === g.template);
      Object.assign(node, { template: g.template, version: entry?.tags[0] });
    } else if (g.kind === 'managed') node.template = g.engine;
    else {
      node.image = `registry.example.com/acme/n${i}:1.0.${i}`;
      node.resources = { cpu: `${g.cpu}m`, memory: `${g.memory}Mi` };
      if (g.kind === 'custom') {
        node.replicas = g.replicas;
        node.ports = Array.from({ length: g.ports }, (_, j) =>
          j === 0 && g.expose
            ? { name: 'p0', port: 20000 + i, expose: true }
            : { name: `p${j}`, port: 8000 + j },
        );
      }
      const targets = [...(ancestors[i] as Set<number>)];
      const env: Record<string, string> = {};
      g.refs.forEach((r, k) => {
        const ref = targets.length
          ? referenceTo(nodes[targets[r % targets.length] as number])
          : undefined;
        if (ref) env[`REF_${k}`] = ref;
      });
      if (g.paramRef) env.SITE = '${params.site}';
      node.env = env;
    }
    nodes.push(node);
  });
  return { parameters: [{ name: 'site', type: 'string', default: 'north' }], nodes };
}

const validSpec = fc.array(gene, { minLength: 1, maxLength: 30 }).map(buildSpec);

describe('validateAppSpec (properties)', () => {
  it('always returns, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = validateAppSpec(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('gives every rejection at least one error, each at a path into the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutatedExample), (input) => {
        const result = validateAppSpec(input);
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors)
          expect(pathIsValid(input, error.path), error.path).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts generated valid specs (random DAGs with references)', () => {
    fc.assert(
      fc.property(validSpec, (doc) => {
        const result = validateAppSpec(doc);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planDeployment (properties)', () => {
  it('places every node exactly once, each above all of its dependencies', () => {
    fc.assert(
      fc.property(validSpec, (doc) => {
        const result = validateAppSpec(doc);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const plan = planDeployment(result.spec);
        const names = doc.nodes.map((n: Doc) => n.name).sort();
        expect(plan.levels.flat().sort()).toEqual(names);
        expect(plan.nodes.map((n) => n.name).sort()).toEqual(names);
        const level = new Map(plan.levels.flatMap((names, i) => names.map((n) => [n, i] as const)));
        for (const node of doc.nodes)
          for (const dep of node.dependsOn ?? [])
            expect(level.get(node.name) as number).toBeGreaterThan(level.get(dep) as number);
        for (const names of plan.levels) expect(names).toEqual([...names].sort());
        expect(plan.levels.every((l) => l.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('diffAppSpecs and patchViolations (properties)', () => {
  it('finds no change between a spec and itself', () => {
    fc.assert(
      fc.property(validSpec, (doc) => {
        const result = validateAppSpec(doc);
        if (!result.ok) throw new Error('invalid');
        expect(diffAppSpecs(result.spec, structuredClone(result.spec))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('allows a patch that only changes image tags', () => {
    fc.assert(
      fc.property(
        validSpec,
        fc.constantFrom('instance', 'account', 'once') as fc.Arbitrary<'instance'>,
        (doc, distribution) => {
          const from = validateAppSpec(doc);
          const patched = structuredClone(doc);
          for (const node of patched.nodes)
            if (node.image) node.image = node.image.replace(/:[^:]+$/, ':2.0.0-patch.1');
          const to = validateAppSpec(patched);
          if (!from.ok || !to.ok) throw new Error('invalid');
          expect(patchViolations(from.spec, to.spec, { distribution })).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('path helpers used above', () => {
  it('resolves the paths it formats', () => {
    const doc = exampleWithOddKey();
    expect(resolvePath(doc, formatPath(['nodes', 2, 'env', 'MY-VAR']))).toMatchObject({
      found: true,
      value: 'x',
    });
    expect(resolvePath(doc, 'nodes[2].ghost')).toEqual({ found: false, parentFound: true });
    expect(resolvePath(doc, 'nodes[9].name')).toEqual({ found: false, parentFound: false });
  });
});

function exampleWithOddKey(): Doc {
  const doc = structuredClone(appSpecExample) as Doc;
  doc.nodes[2].env['MY-VAR'] = 'x';
  return doc;
}
