import type { RegistrySettings } from '@berth/spec';

/** An image reference split into the registry it lives in and the rest. */
export interface ImageRef {
  /** `docker.io` when the reference names none. */
  registry: string;
  /** `library/redis`, `acme/web`. */
  path: string;
  /** `:7` or `@sha256:…` (`:latest` when the reference has neither). */
  suffix: string;
}

/**
 * Splits an image reference the way the Docker CLI does: the first component is a
 * registry when it has a `.` or `:` or is `localhost`; otherwise the image is on Docker
 * Hub, where one-component names live under `library/`.
 */
export function parseImageRef(image: string): ImageRef {
  let rest = image;
  let suffix = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    suffix = rest.slice(at);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    suffix = `${rest.slice(colon)}${suffix}`;
    rest = rest.slice(0, colon);
  }
  if (!suffix) suffix = ':latest';
  const first = rest.split('/')[0] ?? '';
  const hasRegistry =
    rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return { registry: first, path: rest.slice(first.length + 1), suffix };
  return { registry: 'docker.io', path: rest.includes('/') ? rest : `library/${rest}`, suffix };
}

/** The reference to create containers from: the original, or its mirror's. */
export interface ResolvedImage {
  /** What to pull and run. */
  ref: string;
  /** The registry `ref` is pulled from (the mirror when one applies). */
  registry: string;
  /** The registry the spec named. */
  origin: string;
}

/**
 * Resolves `image` against the registry settings: an image of a mirrored registry is
 * pulled from (and run as) the mirror's copy. A mirror may carry a path prefix
 * (`mirror.local:5000/hub`). References the spec gave without a tag get `:latest`.
 */
export function resolveImage(image: string, registries?: RegistrySettings): ResolvedImage {
  const ref = parseImageRef(image);
  const mirror = registries?.mirrors?.[ref.registry];
  if (mirror) {
    const host = mirror.split('/')[0] ?? mirror;
    return { ref: `${mirror}/${ref.path}${ref.suffix}`, registry: host, origin: ref.registry };
  }
  const name = ref.registry === 'docker.io' && !image.startsWith('docker.io/') ? image : null;
  const full = name ? withSuffix(name, ref.suffix) : `${ref.registry}/${ref.path}${ref.suffix}`;
  return { ref: full, registry: ref.registry, origin: ref.registry };
}

/** Keeps a Docker Hub short name as written (`redis:7`), adding `:latest` if untagged. */
function withSuffix(name: string, suffix: string): string {
  const slash = name.lastIndexOf('/');
  const hasTag = name.lastIndexOf(':') > slash || name.includes('@');
  return hasTag ? name : `${name}${suffix}`;
}

/**
 * The X-Registry-Auth header for pulling from `registry` (base64url of
 * `{username, password, serveraddress}`), or undefined without credentials for it. The
 * mirror's credentials are used for a mirror, else the origin's. Never logged (R12).
 */
export function registryAuth(
  resolved: ResolvedImage,
  registries?: RegistrySettings,
): string | undefined {
  const auths = registries?.auths ?? {};
  const found = auths[resolved.registry] ?? auths[resolved.origin];
  if (!found) return undefined;
  const json = JSON.stringify({
    username: found.username,
    password: found.password,
    serveraddress: resolved.registry,
  });
  return Buffer.from(json, 'utf8').toString('base64url');
}
