import { InvalidArgumentError } from 'commander';

/**
 * Commander parser of a repeatable `--replicas node=N`: adds the pair to the map so far.
 * @throws InvalidArgumentError (exit 2) unless it is `name=N` with N a whole number 0–100.
 */
export function parseReplicas(
  flag: string,
  previous: Record<string, number> | undefined,
): Record<string, number> {
  const match = /^([^=\s]+)=(\d{1,3})$/.exec(flag);
  const n = Number(match?.[2]);
  if (!match || n > 100) {
    throw new InvalidArgumentError('must be node=N, e.g. web=2 (N from 0 to 100)');
  }
  return { ...previous, [match[1]!]: n };
}
