import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const assets = fileURLToPath(new URL('../../apps/console/dist/assets', import.meta.url));
const built = existsSync(assets);
if (!built) {
  if (['true', '1'].includes(process.env.CI ?? '')) {
    throw new Error(`the console is not built (${assets}): CI runs npm run build first`);
  }
  console.warn(`\n!! SKIPPING the built console's checks: ${assets} is missing (npm run build)\n`);
}

/**
 * The compressed copies the server prefers to send are the very files the build wrote:
 * copies made from a chunk before Vite finished it once held its `__VITE_PRELOAD__`
 * placeholder, and every lazily loaded page broke in browsers that take Brotli or gzip.
 */
describe.skipIf(!built)('the built console', () => {
  it('has Brotli and gzip copies equal to each script and style they stand for', () => {
    const copies = readdirSync(assets).filter((f) => /\.(br|gz)$/.test(f));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const original = join(assets, copy.replace(/\.(br|gz)$/, ''));
      expect(existsSync(original), copy).toBe(true);
      const packed = readFileSync(join(assets, copy));
      const unpacked = copy.endsWith('.br') ? brotliDecompressSync(packed) : gunzipSync(packed);
      expect(unpacked.equals(readFileSync(original)), copy).toBe(true);
      expect(unpacked.includes('__VITE_PRELOAD__'), copy).toBe(false);
    }
  });
});
