import { effectivePorts, findPort } from '../node-fields.js';
import type { AppNode } from '../node-schema.js';
import { formatPath } from '../spec-path.js';
import { listNames, nodeNamed, report, type SpecContext } from './spec-context.js';

/**
 * The declarations of a version (domain.md §3): each permission, data model and service
 * model declared once; service provisions on a custom node's internal port; the
 * login-free path on an exposed port; a server instance only for account apps.
 */
export function checkDeclarations(ctx: SpecContext): void {
  const { spec } = ctx;
  unique(
    ctx,
    spec.permissions ?? [],
    (p) => p,
    (j) => ['permissions', j],
    'permission',
  );
  unique(
    ctx,
    spec.dataModels ?? [],
    (m) => m.model,
    (j) => ['dataModels', j, 'model'],
    'data model',
  );
  unique(
    ctx,
    spec.services?.depends ?? [],
    (d) => d.model,
    (j) => ['services', 'depends', j, 'model'],
    'service model',
  );
  unique(
    ctx,
    spec.services?.provides ?? [],
    (p) => p.model,
    (j) => ['services', 'provides', j, 'model'],
    'service model',
  );
  for (const [j, d] of (spec.services?.depends ?? []).entries()) {
    unique(
      ctx,
      d.operations,
      (o) => o,
      (k) => ['services', 'depends', j, 'operations', k],
      'operation',
    );
  }
  checkProvisions(ctx);
  checkLoginFree(ctx);
  // serverInstance is used by account-distributed apps only; other apps may carry it
  // (api.md's example spec shows every section at once) and it is ignored for them.
}

function unique<T>(
  ctx: SpecContext,
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => (string | number)[],
  what: string,
) {
  const seen = new Map<string, number>();
  items.forEach((item, j) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, j);
    else
      report(
        ctx,
        path(j),
        `${what} "${k}" is already declared at ${formatPath(path(first))}: declare it once`,
      );
  });
}

function checkProvisions(ctx: SpecContext) {
  (ctx.spec.services?.provides ?? []).forEach((provision, j) => {
    const at = ['services', 'provides', j];
    const node = existing(ctx, provision.node, [...at, 'node']);
    if (!node) return;
    if (node.kind !== 'custom') {
      report(ctx, [...at, 'node'], `must be a custom node: ${node.name} is a ${node.kind} node`);
      return;
    }
    const port = portOf(ctx, node, provision.port, [...at, 'port']);
    if (port?.expose)
      report(
        ctx,
        [...at, 'port'],
        `must be a port that is not exposed: the platform reaches provided services inside the app, and ${port.name} is exposed`,
      );
  });
}

function checkLoginFree(ctx: SpecContext) {
  const loginFree = ctx.spec.loginFree;
  if (!loginFree) return;
  const node = existing(ctx, loginFree.node, ['loginFree', 'node']);
  if (!node) return;
  if (node.kind === 'init' || node.kind === 'managed') {
    report(
      ctx,
      ['loginFree', 'node'],
      `must be a node that serves users: ${node.name} is a ${node.kind} node`,
    );
    return;
  }
  const port = portOf(ctx, node, loginFree.port, ['loginFree', 'port']);
  if (port && !port.expose)
    report(
      ctx,
      ['loginFree', 'port'],
      `must be an exposed port: users arrive from outside the app, and ${port.name} is not exposed (set expose: true on it)`,
    );
}

function existing(ctx: SpecContext, name: string, path: (string | number)[]): AppNode | undefined {
  const node = nodeNamed(ctx, name);
  if (!node)
    report(
      ctx,
      path,
      `names no node of this app: "${name}" does not exist (nodes: ${listNames(ctx.graph.names)})`,
    );
  return node;
}

function portOf(ctx: SpecContext, node: AppNode, ref: number | string, path: (string | number)[]) {
  const ports = effectivePorts(node);
  const port = findPort(ports, ref);
  if (!port) {
    const names = ports.map((p) => `${p.name} (${p.port})`);
    report(
      ctx,
      path,
      `names no port of node ${node.name}${names.length ? ` (ports: ${listNames(names)})` : ' (it has no ports)'}`,
    );
  }
  return port;
}
