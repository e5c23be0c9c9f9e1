import type { FileValidation } from '../app-file/validate-loaded-file.js';
import { formatLocatedError } from '../invalid-file-error.js';
import { plural } from './plural.js';

/** `FILE:LINE:COLUMN  path  message` lines, or the summary and deploy order of a valid file. */
export function formatValidation(file: string, result: FileValidation): string {
  if (!result.ok) return `${result.errors.map((e) => formatLocatedError(file, e)).join('\n')}\n`;
  const levels = result.plan?.levels ?? [];
  const nodes = levels.reduce((sum, level) => sum + level.length, 0);
  const lines = [
    `valid: ${plural(nodes, 'node')} in ${plural(levels.length, 'level')}`,
    ...levels.map((names, i) => `  level ${i}: ${names.join(', ')}`),
  ];
  return `${lines.join('\n')}\n`;
}
