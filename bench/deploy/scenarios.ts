import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_IMAGES } from '../../test/harness/engine.js';
import { root } from '../server.js';

/** The mirror the stand-in images of `scripts/test-images/build.sh examples` live under. */
export const mirror = 'localhost/berth-mirror';
/** Where the three-tier example's web node is published. */
export const hostPort = 18080;

/** An app the deployment benchmark publishes and deploys, with the images it needs. */
export interface DeployScenario {
  key: string;
  app: string;
  version: string;
  /** The app file `berth apply` takes. */
  appFile(): string;
  images: string[];
  /** Deployed on its host ports (the benchmark waits for them to be free between runs). */
  usesHostPort: boolean;
}

/**
 * examples/three-tier/app.yaml: MySQL → migrate (init) → api ×2 → web ×2, 4 nodes in 4
 * levels; MySQL's own start-up (about a second here) is most of every kind's time.
 */
export const threeTier: DeployScenario = {
  key: 'threeTier',
  app: 'shop',
  version: '2.3.0',
  usesHostPort: true,
  images: [
    `${mirror}/library/mysql:8.4`,
    ...['shop-migrate', 'shop-api', 'shop-web'].map((i) => `${mirror}/acme/${i}:2.3.0`),
  ],
  appFile() {
    const example = readFileSync(join(root, 'examples/three-tier/app.yaml'), 'utf8');
    // web publishes its port 8080 on the host's 8080, as test/e2e/example-app.test.ts
    // expects: the benchmark publishes it on 18080, so the two never fight for the port.
    const port = '{ name: http, port: 8080, expose: true';
    if (!example.includes(port)) throw new Error(`examples/three-tier/app.yaml: no "${port}"`);
    return example.replace(port, `{ name: http, port: 8080, hostPort: ${hostPort}, expose: true`);
  },
};

/**
 * Five quick services in a line, each waiting for the one before to pass its HTTP health
 * check — the shape of the issue's own reference measurement (a 5-service chain), where
 * nothing slow inside a container hides what the orchestrator itself costs.
 */
export const chain: DeployScenario = {
  key: 'chain',
  app: 'chain',
  version: '1.0.0',
  usesHostPort: false,
  images: [TEST_IMAGES.web],
  appFile() {
    const nodes = [1, 2, 3, 4, 5].map((n) =>
      [
        `    - name: s${n}`,
        '      kind: custom',
        `      image: ${TEST_IMAGES.web}`,
        '      ports: [{ name: http, port: 8080 }]',
        '      resources: { cpu: 100m, memory: 32Mi }',
        '      health: { http: { path: /healthz, port: http } }',
        ...(n > 1 ? [`      dependsOn: [s${n - 1}]`] : []),
      ].join('\n'),
    );
    return [
      'apiVersion: berth/v1',
      'kind: App',
      'metadata: { name: chain, distribution: instance, deployment: cloud-hosted, os: linux }',
      'version: 1.0.0',
      'spec:',
      '  specVersion: 1',
      '  nodes:',
      ...nodes,
      '',
    ].join('\n');
  },
};

export const scenarios = { threeTier, chain } as const;
