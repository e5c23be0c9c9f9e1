import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

/** The suffix of the previous good copy kept beside every state file. */
export const backupSuffix = '.bak';
const tmpSuffix = '.tmp';

/**
 * Replaces `path` with `data` so that a reader (or the next start after a crash or power
 * loss) sees either the old or the new content, never a mix: write a temp file in the
 * same directory, fsync it, keep the current file as `path.bak` (a hard link, so `path`
 * never disappears), rename the temp file over `path`, fsync the directory. balena's
 * supervisor lost its local database to writes without these steps.
 *
 * Throws the file system's error (ENOSPC, EACCES…); the old content is then intact.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${tmpSuffix}`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await handle.close();
  await keepBackup(path);
  await rename(tmp, path);
  await fsyncDir(dir);
}

/** Points `path.bak` at the current content of `path` (if any) without copying it. */
async function keepBackup(path: string): Promise<void> {
  // A name of its own per call: two writers of one file must not meet on the link.
  const bakTmp = `${path}${backupSuffix}.${randomBytes(6).toString('hex')}${tmpSuffix}`;
  try {
    await link(path, bakTmp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rename(bakTmp, `${path}${backupSuffix}`);
  // rename() does nothing when both names are links to one file already (an overlapping
  // writer linked the same content first); the temp name must still go.
  await unlink(bakTmp).catch(() => {});
}

/** Makes a rename in `dir` durable: the rename is an entry of the directory. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What reading a state file found. */
export type JsonFileRead<T> =
  | { found: true; value: T; source: 'current' | 'backup'; problem?: string }
  | { found: false; problem?: string };

/**
 * Reads a JSON state file and validates it with `schema`. A missing file is `found:
 * false` without a problem; a corrupt or invalid one (a half write on a file system that
 * broke its promises, a hand edit) falls back to `path.bak`, and the read names the
 * problem so the caller can log it. Never throws for bad content; throws only for I/O
 * errors other than ENOENT.
 */
export async function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
): Promise<JsonFileRead<T>> {
  const current = await readValid(path, schema);
  if (current.ok) return { found: true, value: current.value, source: 'current' };
  const backup = await readValid(`${path}${backupSuffix}`, schema);
  if (current.problem === undefined && !backup.ok) return { found: false };
  if (backup.ok) {
    const problem = current.problem ?? `${basename(path)} is missing`;
    return { found: true, value: backup.value, source: 'backup', problem };
  }
  return { found: false, problem: current.problem ?? backup.problem };
}

type ValidRead<T> = { ok: true; value: T } | { ok: false; problem?: string };

async function readValid<T>(path: string, schema: z.ZodType<T>): Promise<ValidRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${basename(path)} is not valid JSON (${text.length} bytes)` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${basename(path)} does not match its schema (${issue?.path.join('.') || 'root'}: ${issue?.message})`,
    };
  }
  return { ok: true, value: parsed.data };
}

/** True for the names of temp files that `writeFileAtomic` leaves when killed mid-write. */
export function isStaleTempFile(name: string): boolean {
  return name.endsWith(tmpSuffix);
}
