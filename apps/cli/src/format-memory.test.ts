import { describe, expect, it } from 'vitest';
import { formatMemory } from './format-memory.js';

describe(formatMemory, () => {
  it('shows MiB below a GiB, else GiB with at most one decimal', () => {
    expect(formatMemory(512)).toBe('512 MiB');
    expect(formatMemory(8192)).toBe('8 GiB');
    expect(formatMemory(1536)).toBe('1.5 GiB');
  });
});
