import { z } from 'zod';

/**
 * CPU and memory quantities in the notation of domain.md: CPU in millicores (`500m`) or
 * cores (`1`, `0.5`), memory in `Mi` or `Gi`. Parsed once into integers so sums and
 * comparisons never meet floating point.
 */

const cpuPattern = /^(?:[0-9]{1,7}m|[0-9]{1,4}(?:\.[0-9]{1,3})?)$/;
const memoryPattern = /^(?:[0-9]{1,8}Mi|[0-9]{1,5}(?:\.[0-9]{1,3})?Gi)$/;

/** Millicores of a CPU quantity, or undefined when it is not one. `0.5` → 500, `250m` → 250. */
export function parseCpu(value: string | number): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (!cpuPattern.test(text)) return undefined;
  if (text.endsWith('m')) return Number(text.slice(0, -1));
  return Math.round(Number(text) * 1000);
}

/** Mebibytes of a memory quantity, or undefined. `1Gi` → 1024, `1.5Gi` → 1536 (rounded up). */
export function parseMemory(value: string): number | undefined {
  if (!memoryPattern.test(value)) return undefined;
  if (value.endsWith('Mi')) return Number(value.slice(0, -2));
  return Math.ceil(Number(value.slice(0, -2)) * 1024);
}

/** A CPU quantity as the spec writes it: `"500m"`, `"1"`, `0.5`. */
export const cpuQuantity = z
  .union([z.string(), z.number()])
  .refine((v) => parseCpu(v) !== undefined, {
    error: 'must be millicores like "500m" or cores like "1" or "0.5" (at most 3 decimals)',
    abort: true,
  })
  .refine((v) => (parseCpu(v) ?? 0) > 0, { error: 'must be more than 0 (e.g. "100m")' })
  .meta({ description: 'Millicores (`500m`) or cores (`1`, `0.5`)', examples: ['500m', '1'] });

/** A memory quantity as the spec writes it: `"256Mi"`, `"1Gi"`. */
export const memoryQuantity = z
  .string()
  .regex(memoryPattern, {
    error: 'must be mebibytes like "256Mi" or gibibytes like "1Gi" (use Mi or Gi)',
    abort: true,
  })
  .refine((v) => (parseMemory(v) ?? 0) > 0, { error: 'must be more than 0 (e.g. "64Mi")' })
  .meta({ description: 'Mebibytes (`256Mi`) or gibibytes (`1Gi`)', examples: ['256Mi', '1Gi'] });

/** Formats millicores the way the spec writes them. */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
