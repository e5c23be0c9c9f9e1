// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { planDeployment, validateAppSpec } from '@berth/spec';

/**
 * validateAppSpec + planDeployment on a 500-node spec (target: under 50 ms each). The spec
 * mixes what makes validation expensive: 10 middleware nodes, 49 blocks of 10 custom nodes
 * whose heads form a 49-long chain, fan-outs from every head, short chains inside blocks,
 * and env references to transitive dependencies.
 */
export async function benchSpecValidate(runs = 25) {
  const doc = bigSpec();
  const first = validateAppSpec(doc);
  if (!first.ok)
    throw new Error(`bench spec is invalid: ${JSON.stringify(first.errors.slice(0, 3))}`);
  const spec = first.spec;
  const validateMedianMs = median(time(() => validateAppSpec(doc), runs));
  const planMedianMs = median(
    time(() => planDeployment(spec, { params: { site: 'bench' } }), runs),
  );
  return { nodes: spec.nodes?.length ?? 0, validateMedianMs, planMedianMs };
}

const templates = ['mysql', 'postgresql', 'redis', 'mongodb', 'rabbitmq'] as const;
const tags: Record<(typeof templates)[number], string> = {
  mysql: '8.4',
  postgresql: '16',
  redis: '7.4',
  mongodb: '7.0',
  rabbitmq: '4.0-management',
};

function bigSpec() {
  const nodes: Record<string, unknown>[] = [];
  for (let m = 0; m < 10; m++) {
    const template = templates[m % templates.length] as (typeof templates)[number];
    nodes.push({ name: `mw${m}`, kind: 'middleware', template, version: tags[template] });
  }
  for (let k = 0; k < 49; k++) {
    const head = `c${k * 10}`;
    const mw = `mw${k % 10}`;
    nodes.push(custom(head, [mw, ...(k > 0 ? [`c${(k - 1) * 10}`] : [])], { DB: `\${${mw}.url}` }));
    for (let j = 1; j < 10; j++) {
      const dep = j % 2 === 1 ? head : `c${k * 10 + j - 1}`;
      const env = {
        DB_HOST: `\${${mw}.host}`,
        UPSTREAM: `http://\${${head}.host}:\${${head}.port}`,
      };
      nodes.push(custom(`c${k * 10 + j}`, [dep], env));
    }
  }
  return { parameters: [{ name: 'site', type: 'string', default: 'main' }], nodes };
}

function custom(name: string, dependsOn: string[], env: Record<string, string>) {
  return {
    name,
    kind: 'custom',
    image: `registry.example.com/acme/${name}:1.0.0`,
    ports: [
      { name: 'http', port: 8080 },
      { name: 'metrics', port: 9100 },
    ],
    env: { ...env, SITE: '${params.site}', LOG_LEVEL: 'info' },
    resources: { cpu: '100m', memory: '128Mi' },
    health: { http: { path: '/healthz', port: 'http' } },
    volumes: [{ name: 'data', mountPath: '/data' }],
    dependsOn,
  };
}

function time(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 5; i++) fn(); // warm-up: JIT and zod's lazy initialisation
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const value =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value * 100) / 100;
}
