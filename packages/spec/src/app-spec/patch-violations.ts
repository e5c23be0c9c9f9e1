import type { Distribution } from '../apps/allowed-combinations.js';
import type { AppSpec } from './app-spec-schema.js';
import { diffAppSpecs } from './diff-app-specs.js';
import { sameRepository } from './image-reference.js';
import type { SpecChange } from './spec-change.js';
import { parsePath } from './spec-path.js';

/** What an account app's patch may change besides image tags: its access paths. */
const accountAccessPaths = new Set(['serverInstance.url', 'serverInstance.path', 'loginFree.path']);

/**
 * The changes a patch version may not make (domain.md §4). A patch may change only the
 * image tag (or digest) of an existing custom or init node, keeping its repository; an
 * account-distributed app may also change `serverInstance.url`, `serverInstance.path`
 * and `loginFree.path`. Everything else is returned, so the server can answer 422 listing
 * each. A middleware `version` is not an image tag change here: moving a database to
 * another major version can need a data migration, which is what upgrades are for.
 * `from` is the version the patch was made from; both specs must be valid. Pure.
 */
export function patchViolations(
  from: AppSpec,
  to: AppSpec,
  options: { distribution: Distribution },
): SpecChange[] {
  return diffAppSpecs(from, to).filter((change) => !allowedInPatch(change, options.distribution));
}

function allowedInPatch(change: SpecChange, distribution: Distribution): boolean {
  if (change.kind !== 'changed') return false;
  if (distribution === 'account' && accountAccessPaths.has(change.path)) return true;
  const keys = parsePath(change.path);
  return (
    keys?.length === 3 &&
    keys[0] === 'nodes' &&
    keys[2] === 'image' &&
    typeof change.from === 'string' &&
    typeof change.to === 'string' &&
    sameRepository(change.from, change.to)
  );
}
