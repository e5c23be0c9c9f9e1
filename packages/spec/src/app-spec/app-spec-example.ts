// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax, not a mistaken template literal
/**
 * The app spec of api.md, as data: the example of the schema (request generators and the
 * API reference use it) and a fixture the tests keep valid.
 */
export const appSpecExample = {
  specVersion: 1,
  parameters: [
    { name: 'site', type: 'string', default: 'north', pattern: '^[a-z]+$', label: 'Site' },
    { name: 'adminPassword', type: 'string', secret: true },
  ],
  nodes: [
    {
      name: 'db',
      kind: 'middleware',
      template: 'mysql',
      version: '8.0',
      params: { database: 'parking' },
    },
    {
      name: 'migrate',
      kind: 'init',
      image: 'registry.example.com/acme/parking-migrate:1.4.0',
      command: ['/app/migrate', '--to', 'latest'],
      env: { DB_HOST: '${db.host}', DB_PASSWORD: '${db.password}' },
      dependsOn: ['db'],
    },
    {
      name: 'web',
      kind: 'custom',
      image: 'registry.example.com/acme/parking-web:1.4.0',
      ports: [
        { name: 'http', port: 8080, protocol: 'tcp', expose: true, serviceType: 'LoadBalancer' },
        { name: 'api', port: 9000 },
      ],
      hostNetwork: false,
      env: { SITE: '${params.site}', DB_HOST: '${db.host}' },
      resources: { cpu: '500m', memory: '256Mi' },
      replicas: 1,
      health: { http: { path: '/healthz', port: 8080 } },
      logPath: '/var/log/parking',
      volumes: [{ name: 'data', mountPath: '/data' }],
      dependsOn: ['migrate'],
    },
  ],
  permissions: ['device.query', 'device.control'],
  dataModels: [{ model: 'parking_space', version: '1.0', permission: 'crud', subscribe: true }],
  services: {
    depends: [{ model: 'payment', version: '1.0', operations: ['createOrder'] }],
    provides: [{ model: 'parking_api', version: '1.0', node: 'web', port: 'api' }],
  },
  loginFree: { path: '/sso', node: 'web', port: 'http' },
  serverInstance: { url: 'https://parking.example.com', path: '/tenants' },
};
