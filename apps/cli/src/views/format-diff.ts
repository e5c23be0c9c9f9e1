import type { SpecChange } from '@berth/spec';

const marks: Record<SpecChange['kind'], string> = { added: '+', removed: '-', changed: '~' };

/**
 * The changes between two versions as people read them: one line per change, a mark
 * (`+` added, `-` removed, `~` changed) and its summary. Control characters are replaced
 * (a summary quotes values from the spec). Empty for no changes.
 */
export function formatDiff(changes: readonly SpecChange[]): string {
  if (changes.length === 0) return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return `${changes.map((c) => `${marks[c.kind]} ${clean(c.summary)}`).join('\n')}\n`;
}
