import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAppsDir, firstUnreachable, sharedAppsRoot } from './reachable.js';

/** A user that owns nothing here and is in no group here: only "other" bits let it pass. */
const stranger = { uid: 64_000, gid: 64_000 };
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-reach-'));
});
afterEach(async () => {
  await chmod(root, 0o700);
  await rm(root, { recursive: true, force: true });
});

describe(firstUnreachable, () => {
  it('names the first directory on the way that the user cannot pass, with its mode', async () => {
    await chmod(root, 0o711);
    await mkdir(join(root, 'home'), { mode: 0o700 });
    await chmod(join(root, 'home'), 0o700);
    await mkdir(join(root, 'home', 'state-apps'));
    expect(await firstUnreachable(join(root, 'home', 'state-apps', 'x'), stranger)).toEqual({
      dir: join(root, 'home'),
      mode: 0o700,
    });
  });

  it('lets a path by whose directories all grant execute to others, ignoring what is not made yet', async () => {
    await chmod(root, 0o711);
    await mkdir(join(root, 'apps'), { mode: 0o711 });
    await chmod(join(root, 'apps'), 0o711);
    expect(await firstUnreachable(join(root, 'apps', 'not-yet', 'versions'), stranger)).toBe(
      undefined,
    );
  });

  it("uses the owner's bits for the owner", async () => {
    await chmod(root, 0o700);
    const self = { uid: process.getuid?.() ?? 0, gid: -1 };
    expect(await firstUnreachable(join(root, 'x'), self)).toBe(undefined);
  });
});

describe(defaultAppsDir, () => {
  it('keeps light apps beside the state folder when the programs can reach it', async () => {
    await chmod(root, 0o711);
    const state = join(root, 'state');
    expect(await defaultAppsDir(state, stranger)).toBe(`${state}-apps`);
    expect(await defaultAppsDir(state, undefined)).toBe(`${state}-apps`);
  });

  it('moves them to a folder of their own under /var/lib/berth/apps when it cannot', async () => {
    await chmod(root, 0o700);
    const state = join(root, 'state');
    const dir = await defaultAppsDir(state, stranger);
    expect(dir).toMatch(new RegExp(`^${sharedAppsRoot}/[0-9a-f]{12}$`));
    expect(await defaultAppsDir(state, stranger)).toBe(dir);
    expect(await defaultAppsDir(join(root, 'other'), stranger)).not.toBe(dir);
  });
});
