import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image-reference.js';
import { parseCpu, parseMemory } from '../quantities.js';
import { parseCatalogTemplate } from './catalog-template.js';
import { managedEngines } from './managed-engines.js';
import { catalogEntry, middlewareCatalog } from './middleware-catalog.js';

describe('the middleware catalog (data)', () => {
  it('offers the middleware of domain.md §2', () => {
    expect(middlewareCatalog.map((e) => e.name)).toEqual([
      'mysql',
      'postgresql',
      'redis',
      'mongodb',
      'sqlserver',
      'rabbitmq',
      'mosquitto',
      'nginx',
    ]);
    expect(catalogEntry('redis')?.displayName).toBe('Redis');
    expect(catalogEntry('oracle')).toBeUndefined();
  });

  it('names official images whose tagged references parse', () => {
    for (const entry of middlewareCatalog) {
      expect(entry.tags.length, entry.name).toBeGreaterThan(0);
      for (const tag of entry.tags)
        expect(parseImageReference(`${entry.image}:${tag}`), `${entry.image}:${tag}`).toBeDefined();
      expect(entry.image).toMatch(/^(docker\.io\/library|mcr\.microsoft\.com)\//);
    }
  });

  it('refers only to its own ports and params in templates and health checks', () => {
    for (const entry of middlewareCatalog) {
      const ports = new Set(entry.ports.map((p) => p.name));
      const params = new Set(entry.params.map((p) => p.name));
      const templates = [
        ...Object.values(entry.env),
        ...Object.values(entry.connection).map((f) => f.value),
      ];
      for (const token of templates.flatMap(parseCatalogTemplate)) {
        if ('port' in token)
          expect(ports.has(token.port), `${entry.name} port ${token.port}`).toBe(true);
        if ('param' in token)
          expect(params.has(token.param), `${entry.name} param ${token.param}`).toBe(true);
        expect('provisioned' in token || 'secret' in token, entry.name).toBe(false);
      }
      if ('tcp' in entry.health) expect(ports.has(entry.health.tcp.port)).toBe(true);
    }
  });

  it('marks a connection field secret exactly when it carries a secret param', () => {
    for (const entry of middlewareCatalog) {
      const secrets = new Set(entry.params.filter((p) => p.secret).map((p) => p.name));
      for (const [name, field] of Object.entries(entry.connection)) {
        const carries = parseCatalogTemplate(field.value).some(
          (t) => 'param' in t && secrets.has(t.param),
        );
        expect(field.secret, `${entry.name}.${name}`).toBe(carries);
      }
    }
  });

  it('generates every secret param and gives every other param a default', () => {
    for (const entry of middlewareCatalog)
      for (const param of entry.params) {
        if (param.secret) expect(param.generated, `${entry.name}.${param.name}`).toBeDefined();
        else expect(param.default, `${entry.name}.${param.name}`).toBeDefined();
        if (param.pattern && param.default !== undefined)
          expect(String(param.default)).toMatch(new RegExp(param.pattern));
      }
  });

  it('offers host and port to other nodes and has parseable default resources', () => {
    for (const entry of [...middlewareCatalog, ...managedEngines]) {
      expect(Object.keys(entry.connection)).toEqual(expect.arrayContaining(['host', 'port']));
      expect(parseCpu(entry.resources.cpu)).toBeGreaterThan(0);
      expect(parseMemory(entry.resources.memory)).toBeGreaterThan(0);
    }
  });

  it('keeps the managed engines postgres and mysql with their default version offered', () => {
    expect(managedEngines.map((e) => e.name)).toEqual(['postgres', 'mysql']);
    for (const engine of managedEngines) expect(engine.versions).toContain(engine.defaultVersion);
  });
});
