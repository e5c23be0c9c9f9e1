import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';

const doc = z.object({ n: z.number() });
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe(writeFileAtomic, () => {
  it('writes the file with mode 0600 and leaves no temp file behind', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"n":1}');
    await writeFileAtomic(join(dir, 'a.json'), '{"n":2}');
    expect(statSync(join(dir, 'a.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'a.json.bak']);
  });

  it('keeps the previous content as the backup', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"n":1}');
    await writeFileAtomic(join(dir, 'a.json'), '{"n":2}');
    expect(await readJsonFile(join(dir, 'a.json.bak'), doc)).toMatchObject({ value: { n: 1 } });
  });

  it('lets writers of one file overlap: each lands whole, none fails', async () => {
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"n":0}');
    const writes = Array.from({ length: 20 }, (_, n) => writeFileAtomic(path, `{"n":${n + 1}}`));
    await expect(Promise.all(writes)).resolves.toHaveLength(20);
    const read = await readJsonFile(path, doc);
    expect(read).toMatchObject({ found: true, source: 'current' });
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'a.json.bak']);
  });
});

describe(readJsonFile, () => {
  it('reads a valid file', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"n":1}');
    expect(await readJsonFile(join(dir, 'a.json'), doc)).toEqual({
      found: true,
      value: { n: 1 },
      source: 'current',
    });
  });

  it('reads a missing file as not found, without a problem', async () => {
    expect(await readJsonFile(join(dir, 'none.json'), doc)).toEqual({ found: false });
  });

  it.each([
    ['half written', '{"n":'],
    ['empty', ''],
    ['of the wrong shape', '{"n":"one"}'],
  ])('falls back to the backup when the file is %s, and names the problem', async (_name, text) => {
    await writeFileAtomic(join(dir, 'a.json'), '{"n":1}');
    await writeFileAtomic(join(dir, 'a.json'), '{"n":2}');
    writeFileSync(join(dir, 'a.json'), text);
    const read = await readJsonFile(join(dir, 'a.json'), doc);
    expect(read).toMatchObject({ found: true, value: { n: 1 }, source: 'backup' });
    expect(read.problem).toMatch(/a\.json/);
  });

  it('says so when neither the file nor its backup is usable', async () => {
    writeFileSync(join(dir, 'a.json'), '{');
    writeFileSync(join(dir, 'a.json.bak'), 'null');
    const read = await readJsonFile(join(dir, 'a.json'), doc);
    expect(read.found).toBe(false);
    expect(read.problem).toContain('not valid JSON');
  });
});
