/**
 * Distribution × deployment types of an app (domain.md §1) and which pairs exist. The
 * table is data so the console can draw it and the server can quote it in errors.
 */

export const distributions = ['instance', 'account', 'once'] as const;
export type Distribution = (typeof distributions)[number];

export const deployments = [
  'cloud-hosted',
  'edge-hosted',
  'cloud-external',
  'manual-cluster',
  'edge-external',
] as const;
export type Deployment = (typeof deployments)[number];

export const osTypes = ['linux', 'windows'] as const;
export type OsType = (typeof osTypes)[number];

/** The deployments each distribution allows, in the order domain.md lists them. */
export const allowedCombinations: Readonly<Record<Distribution, readonly Deployment[]>> = {
  instance: ['cloud-hosted', 'edge-hosted'],
  account: ['cloud-external', 'cloud-hosted', 'manual-cluster'],
  once: ['cloud-external', 'edge-external'],
};

/** Whether an app may have this distribution and deployment. */
export function isAllowedCombination(distribution: Distribution, deployment: Deployment): boolean {
  return allowedCombinations[distribution].includes(deployment);
}

/** Every allowed pair as `distribution × deployment`, for messages. */
export function allowedPairs(): string[] {
  return distributions.flatMap((d) => allowedCombinations[d].map((p) => `${d} × ${p}`));
}

/**
 * The message refusing a pair: names the pair, what the distribution allows, and every
 * allowed pair, so the user can pick one without reading the docs.
 */
export function combinationErrorMessage(
  distribution: Distribution,
  deployment: Deployment,
): string {
  const forThis = allowedCombinations[distribution].join(', ');
  return `${distribution} apps cannot be ${deployment}: ${distribution} apps are ${forThis}. Allowed pairs: ${allowedPairs().join('; ')}`;
}
