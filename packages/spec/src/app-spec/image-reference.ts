import { z } from 'zod';
import { specLimits } from './spec-limits.js';
import { shellHazard } from './spec-strings.js';

/**
 * Container image references, following the grammar of the distribution project
 * (`registry[:port]/path/name[:tag][@sha256:digest]`). A tag or a digest is required:
 * an image without one means `latest`, which can change under a published version.
 */

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|-+)';
const component = `${alnum}(?:${separator}${alnum})*`;
const domainLabel = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainLabel}(?:\\.${domainLabel})*(?::[0-9]{1,5})?`;
const tag = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const digest = 'sha256:[a-f0-9]{64}';

const referencePattern = new RegExp(
  `^(?:(${domain})/)?(${component}(?:/${component})*)(?::(${tag}))?(?:@(${digest}))?$`,
);
/** The JSON-Schema-visible form: the grammar and "a tag or a digest is present". */
const schemaPattern = new RegExp(
  `^(?=.*(?::${tag}|@${digest})$)${referencePattern.source.slice(1)}`,
);

/** A parsed image reference. `repository` is normalized (`mysql` → `docker.io/library/mysql`). */
export interface ImageReference {
  registry: string;
  path: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses an image reference. Returns undefined for anything outside the grammar. Like
 * docker, the first component is a registry only when it has a `.` or `:` or is
 * `localhost`; otherwise the image lives on Docker Hub.
 */
export function parseImageReference(ref: string): ImageReference | undefined {
  if (ref.length > specLimits.imageLength) return undefined;
  const match = referencePattern.exec(ref);
  if (!match) return undefined;
  let [, host, path, tagPart, digestPart] = match;
  if (!path) return undefined;
  if (host && !/[.:]/.test(host) && host !== 'localhost') {
    // `acme/web` matched `acme` as a domain: it is a Docker Hub namespace.
    if (host !== host.toLowerCase()) return undefined;
    path = `${host}/${path}`;
    host = undefined;
  }
  const registry = host ?? 'docker.io';
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return {
    registry,
    path,
    repository: `${registry}/${path}`,
    ...(tagPart ? { tag: tagPart } : {}),
    ...(digestPart ? { digest: digestPart } : {}),
  };
}

/** Why an image reference is refused, in words; undefined when it is fine. */
export function imageProblem(ref: string): string | undefined {
  const hazard = shellHazard(ref);
  if (hazard) return `${hazard} (an image reference is registry/path:tag or @sha256:digest)`;
  const parsed = parseImageReference(ref);
  if (!parsed)
    return 'must be an image reference such as registry.example.com/acme/web:1.4.0 (lower-case path, optional registry, tag or @sha256 digest)';
  if (!parsed.tag && !parsed.digest)
    return 'must name a tag (acme/web:1.4.0) or a digest (@sha256:…): without one it means "latest", which can change under a published version';
  return undefined;
}

/** The zod schema of an image reference. */
export const imageReference = z
  .string()
  .min(1, { error: 'must not be empty', abort: true })
  .max(specLimits.imageLength, {
    error: `must be at most ${specLimits.imageLength} characters`,
    abort: true,
  })
  .regex(schemaPattern, {
    error: (issue) => imageProblem(String(issue.input)) ?? 'must be an image reference',
    abort: true,
  })
  .refine((ref) => imageProblem(ref) === undefined, {
    error: (issue) => imageProblem(String(issue.input)) ?? 'must be an image reference',
  });

/** Whether two references name the same repository (they may differ in tag or digest). */
export function sameRepository(a: string, b: string): boolean {
  const pa = parseImageReference(a);
  const pb = parseImageReference(b);
  return pa !== undefined && pb !== undefined && pa.repository === pb.repository;
}
