import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notBuiltPage } from './not-built-page.js';

/**
 * The pages of the web console are this origin's own scripts and styles only. antd
 * writes its styles at run time (CSS-in-JS), hence 'unsafe-inline' for styles — never for
 * scripts. No page may frame the console (clickjacking).
 */
export const consoleCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API and the probes: unknown ones stay problem+json 404s. */
const serverPaths = /^\/(api|livez|readyz|metrics)(\/|$)/;

/** Hashed file names change with their content, so a browser may keep them for good. */
const assetCache = 'public, max-age=31536000, immutable';

function setPageHeaders(reply: FastifyReply): void {
  reply
    .header('content-security-policy', consoleCsp)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    // The page names the current asset files: always ask whether it changed.
    .header('cache-control', 'no-cache');
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function sendIndex(dir: string, reply: FastifyReply) {
  setPageHeaders(reply);
  if (!(await exists(join(dir, 'index.html')))) {
    return reply.status(503).type('text/html; charset=utf-8').send(notBuiltPage(dir));
  }
  return reply.sendFile('index.html', dir);
}

/**
 * Serves the built web console (apps/console/dist) at `/`: hashed assets under /assets
 * with a long, immutable cache and index.html with no-cache. The folder is looked at per
 * request, so building the console while the server runs works; a missing build answers
 * a page that says how to build it.
 */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  const assets = join(dir, 'assets');
  // Registered without routes of its own: only reply.sendFile, used here.
  await app.register(fastifyStatic, {
    root: dir,
    serve: false,
    suppressWarning: true,
    cacheControl: false,
    // The console's build writes .br and .gz copies of its scripts and styles.
    preCompressed: true,
    // Called only once the file is found, so a missing asset's 404 is not cached for good.
    setHeaders: (reply, path) => {
      if (path.startsWith(assets)) reply.header('cache-control', assetCache);
    },
  });
  app.get('/', async (_request, reply) => sendIndex(dir, reply));
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // A missing asset is a 404 (sendFile calls the not-found handler), never index.html:
    // a browser must not run a page as a script.
    return reply.sendFile(`assets/${request.params['*']}`, dir);
  });
}

/**
 * The root not-found handler with the console: the console routes in the browser, so
 * every other GET that is not the API's or a probe's (e.g. /a/acme/apps) is a page of
 * it and answers index.html; the rest goes to `apiNotFound`.
 */
export function consolePages(
  dir: string,
  apiNotFound: (request: FastifyRequest, reply: FastifyReply) => unknown,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !serverPaths.test(path) &&
      !path.startsWith('/assets/');
    return isPage ? sendIndex(dir, reply) : apiNotFound(request, reply);
  };
}
