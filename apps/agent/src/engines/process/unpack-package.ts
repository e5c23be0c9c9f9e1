import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { linkProblem, type PackageEntryType, packageEntryPath } from '@berth/spec';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { TerminalError } from '../../reconcile/engine-driver.js';

/** Why an entry may not be unpacked, or undefined (the rules the server checked at upload). */
function entryProblem(name: string, type: PackageEntryType, target: string): string | undefined {
  const checked = packageEntryPath(name);
  if ('problem' in checked) return `entry ${checked.problem}`;
  if (type === 'other') return `entry "${name}" is a device or fifo`;
  if (type === 'symlink' || type === 'hardlink') return linkProblem(checked.path, target, type);
  return undefined;
}

const tarType = (type: string): PackageEntryType =>
  type === 'File' || type === 'OldFile' || type === 'ContiguousFile'
    ? 'file'
    : type === 'Directory'
      ? 'directory'
      : type === 'SymbolicLink'
        ? 'symlink'
        : type === 'Link'
          ? 'hardlink'
          : 'other';

async function unpackTar(file: string, into: string): Promise<void> {
  const problems: string[] = [];
  // Checked whole before a byte is written: a refused package leaves nothing behind.
  await tar.t({
    file,
    onReadEntry: (entry) => {
      const meta =
        entry.meta ||
        /^(GlobalExtendedHeader|ExtendedHeader|NextFileHasLongPath|NextFileHasLongLinkpath)$/.test(
          entry.type,
        );
      const problem = meta
        ? undefined
        : entryProblem(entry.path, tarType(entry.type), entry.linkpath ?? '');
      if (problem) problems.push(problem);
      entry.resume();
    },
  });
  if (problems.length > 0) throw new TerminalError(`the package is refused: ${problems[0]}`);
  await tar.x({ file, cwd: into, preserveOwner: false, strict: true, noMtime: true });
}

function zipEntries(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true },
      (error, zip) => (error || !zip ? reject(error) : resolve(zip)),
    ),
  );
}

async function readAll(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Walks a zip, calling `visit` per entry in order. */
async function eachZipEntry(
  file: string,
  visit: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<void>,
) {
  const zip = await zipEntries(file);
  try {
    const done = once(zip, 'end');
    zip.readEntry();
    for (;;) {
      const next = await Promise.race([once(zip, 'entry'), done.then(() => undefined)]);
      if (!next) break;
      await visit(zip, next[0] as yauzl.Entry);
      zip.readEntry();
    }
  } finally {
    zip.close();
  }
}

const zipType = (entry: yauzl.Entry): PackageEntryType => {
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (entry.fileName.endsWith('/') || mode === 0o040000) return 'directory';
  if (mode === 0o120000) return 'symlink';
  return mode === 0 || mode === 0o100000 ? 'file' : 'other';
};

/** Refuses to write through a link: every parent of `path` under `root` must be a real folder. */
async function assertNoLinkOnTheWay(root: string, path: string): Promise<void> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const info = await lstat(join(root, ...parts.slice(0, i))).catch(() => undefined);
    if (info?.isSymbolicLink())
      throw new TerminalError(`the package is refused: "${path}" is written through a link`);
  }
}

async function unpackZip(file: string, into: string): Promise<void> {
  const problems: string[] = [];
  await eachZipEntry(file, async (zip, entry) => {
    const type = zipType(entry);
    const target = type === 'symlink' ? (await readAll(zip, entry)).toString('utf8') : '';
    const problem = entryProblem(entry.fileName, type, target);
    if (problem) problems.push(problem);
  });
  if (problems.length > 0) throw new TerminalError(`the package is refused: ${problems[0]}`);
  await eachZipEntry(file, async (zip, entry) => {
    const checked = packageEntryPath(entry.fileName);
    if ('problem' in checked || checked.path === '') return;
    const path = join(into, checked.path);
    await assertNoLinkOnTheWay(into, checked.path);
    const type = zipType(entry);
    if (type === 'directory') return void (await mkdir(path, { recursive: true }));
    await mkdir(dirname(path), { recursive: true });
    if (type === 'symlink')
      return void (await symlink((await readAll(zip, entry)).toString('utf8'), path));
    const mode = (entry.externalFileAttributes >>> 16) & 0o111 ? 0o755 : 0o644;
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
    );
    await pipeline(stream, createWriteStream(path, { flags: 'wx', mode }));
  });
}

/** Makes a folder tree read-only for everyone (the program may read, never change it). */
async function makeReadOnly(path: string): Promise<void> {
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await makeReadOnly(child);
    else await chmod(child, (await lstat(child)).mode & 0o555);
  }
  await chmod(path, 0o555);
}

/**
 * Unpacks a downloaded package (`zip` or `tar.gz`) into `into`, which must not exist yet,
 * and makes it read-only. Every entry is checked first with the rules the control plane
 * applied at upload: absolute paths, `..`, devices and links leading out of the folder
 * refuse the whole package and leave nothing behind.
 * @throws TerminalError (refused or damaged package: the same bytes will never unpack).
 */
export async function unpackPackage(
  file: string,
  format: 'zip' | 'tar.gz',
  into: string,
): Promise<void> {
  await mkdir(into, { recursive: false, mode: 0o755 });
  try {
    if (format === 'zip') await unpackZip(file, into);
    else await unpackTar(file, into);
    await makeReadOnly(into);
  } catch (error) {
    await rm(into, { recursive: true, force: true });
    if (error instanceof TerminalError) throw error;
    throw new TerminalError(`the package cannot be unpacked: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
