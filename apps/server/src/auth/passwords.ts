import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`: a const enum, which isolated modules cannot read. */
const argon2id = 2 as Algorithm;

/**
 * argon2id with the OWASP-recommended cost (19 MiB, 2 passes): about 50–60 ms here. The
 * hashing runs on libuv's thread pool, so it does not block the event loop.
 */
const options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for a username that does not exist, so
 * response times do not tell which usernames exist.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('berth-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
