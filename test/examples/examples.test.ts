// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type AppSpec,
  type DeployPlan,
  type Distribution,
  type PlannedContainer,
  planDeployment,
  validateAppSpec,
} from '@berth/spec';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** An example app file: `apiVersion: berth/v1`, `kind: App`, `metadata`, `version`, `spec`. */
interface ExampleFile {
  apiVersion: string;
  kind: string;
  metadata: { name: string; distribution: Distribution };
  version: string;
  spec: unknown;
}

function read(name: string): ExampleFile {
  const path = fileURLToPath(new URL(`../../examples/${name}/app.yaml`, import.meta.url));
  return parse(readFileSync(path, 'utf8')) as ExampleFile;
}

/** The example's spec, validated with the rules of the app's distribution. */
function load(name: string): AppSpec {
  const file = read(name);
  const result = validateAppSpec(file.spec, { distribution: file.metadata.distribution });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors, null, 2)}`);
  return result.spec;
}

describe.each(['three-tier', 'iot-gateway'])('examples/%s/app.yaml', (name) => {
  it('is an app file that berth apply reads', () => {
    const file = read(name);
    expect(file).toMatchObject({ apiVersion: 'berth/v1', kind: 'App' });
    expect(file.metadata.name).toMatch(/^[a-z][a-z0-9-]+$/);
    expect(file.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(file.metadata.distribution).toBe('instance');
  });
});

const node = (plan: DeployPlan, name: string) =>
  plan.nodes.find((n) => n.name === name) as PlannedContainer;

describe('examples/three-tier', () => {
  const spec = load('three-tier');
  const plan = planDeployment(spec);

  it('deploys db, then migrate, then api, then web', () => {
    expect(plan.levels).toEqual([['db'], ['migrate'], ['api'], ['web']]);
  });

  it('expands MySQL from the catalog with generated passwords', () => {
    expect(node(plan, 'db')).toMatchObject({
      image: 'docker.io/library/mysql:8.4',
      ports: [{ name: 'mysql', port: 3306 }],
      volumes: [{ mountPath: '/var/lib/mysql' }],
    });
    expect(plan.secrets.map((s) => s.key)).toEqual(['db.password', 'db.rootPassword']);
  });

  it('resolves references: names and ports now, secrets at deploy time', () => {
    expect(node(plan, 'migrate').env.DATABASE_URL).toEqual([
      'mysql://shop:',
      { secret: 'db.password' },
      '@db:3306/shop',
    ]);
    expect(node(plan, 'api').env).toMatchObject({
      DB_HOST: ['db'],
      DB_PORT: ['3306'],
      DB_NAME: ['shop'],
      DB_PASSWORD: [{ secret: 'db.password' }],
      SITE: ['main'],
    });
    expect(node(plan, 'web').env.API_URL).toEqual(['http://api:9000']);
    expect(node(plan, 'migrate').restart).toBe('until-success');
  });

  it('totals the resources of every node × replicas', () => {
    // db 500m/512Mi + migrate (default) 250m/256Mi + api 2 × 250m/256Mi + web 2 × 100m/128Mi
    expect(plan.totals).toEqual({ cpuMillicores: 1450, memoryMi: 1536 });
  });
});

describe('examples/iot-gateway', () => {
  const spec = load('iot-gateway');

  it('deploys the broker first, then the bridge and the processor in parallel', () => {
    expect(planDeployment(spec).levels).toEqual([['broker'], ['bridge', 'processor']]);
  });

  it('runs the bridge on the host network, next to an MQTT broker from the catalog', () => {
    const plan = planDeployment(spec);
    expect(node(plan, 'bridge')).toMatchObject({
      hostNetwork: true,
      command: ['/usr/bin/bridge', '--bus', 'modbus-tcp'],
    });
    expect(node(plan, 'broker')).toMatchObject({
      image: 'docker.io/library/eclipse-mosquitto:2.0',
      command: ['mosquitto', '-c', '/mosquitto-no-auth.conf'],
      health: { tcp: { port: 1883 } },
    });
  });

  it('fills parameters from the instance but never copies the secret token', () => {
    const plan = planDeployment(spec, { params: { site: 'plant-7', cloudToken: 'canary-secret' } });
    expect(node(plan, 'bridge').env).toEqual({
      MQTT_URL: ['mqtt://broker:1883'],
      SITE: ['plant-7'],
      POLL_SECONDS: ['5'],
    });
    expect(node(plan, 'processor').env).toEqual({
      MQTT_HOST: ['broker'],
      MQTT_PORT: ['1883'],
      TOPIC: ['sites/plant-7/telemetry'],
      CLOUD_TOKEN: [{ param: 'cloudToken' }],
    });
    expect(JSON.stringify(plan)).not.toContain('canary-secret');
    expect(plan.deployTimeParams).toEqual(['cloudToken']);
  });

  it('asks for the site and the token when the instance gives no values', () => {
    expect(planDeployment(spec).deployTimeParams).toEqual(['cloudToken', 'site']);
  });

  it('totals broker, bridge and processor', () => {
    expect(planDeployment(spec).totals).toEqual({ cpuMillicores: 800, memoryMi: 448 });
  });
});
