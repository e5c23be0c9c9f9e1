import { gunzipSync, inflateRawSync } from 'node:zlib';
import { linkProblem, type PackageEntryType, packageEntryPath } from '@berth/spec';

/** What a package holds: its format and the paths of its regular files. */
export interface PackageListing {
  format: 'zip' | 'tar.gz';
  files: string[];
}

/** Why a package is refused; the message names the entry. */
export class PackageError extends Error {}

const maxEntries = 20_000;

interface RawEntry {
  name: string;
  type: PackageEntryType;
  linkTarget?: string;
}

/**
 * Lists a zip or tar.gz package and checks every entry the way the agent will before
 * unpacking it (`packageEntryPath`, `linkProblem`): a package that could write outside
 * its folder is refused here, at upload, with the entry named. Reads only headers (and
 * the few bytes of zip symlinks); a gzip stream may expand to at most `maxUnpacked` bytes.
 * @throws PackageError (not a zip or tar.gz, corrupt, unsafe entry, too many entries).
 */
export function listPackage(bytes: Buffer, maxUnpacked: number): PackageListing {
  let format: PackageListing['format'];
  let entries: RawEntry[];
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    format = 'zip';
    entries = zipEntries(bytes);
  } else if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    format = 'tar.gz';
    let tar: Buffer;
    try {
      tar = gunzipSync(bytes, { maxOutputLength: maxUnpacked });
    } catch (error) {
      throw new PackageError(
        (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
          ? `unpacks to more than ${maxUnpacked} bytes`
          : 'is not a valid gzip stream',
      );
    }
    entries = tarEntries(tar);
  } else {
    throw new PackageError('is neither a zip nor a tar.gz archive');
  }
  if (entries.length > maxEntries) throw new PackageError(`has more than ${maxEntries} entries`);
  const files = new Set<string>();
  for (const entry of entries) {
    const checked = packageEntryPath(entry.name);
    if ('problem' in checked) throw new PackageError(`entry ${checked.problem}`);
    if (entry.type === 'other')
      throw new PackageError(
        `entry "${entry.name}" is a device or fifo, which a package cannot hold`,
      );
    if (entry.type === 'symlink' || entry.type === 'hardlink') {
      const problem = linkProblem(checked.path, entry.linkTarget ?? '', entry.type);
      if (problem) throw new PackageError(problem);
    }
    if (entry.type === 'file' && checked.path !== '') files.add(checked.path);
  }
  return { format, files: [...files].sort() };
}

function zipEntries(zip: Buffer): RawEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw new PackageError('is a damaged zip (no directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff)
    throw new PackageError('is a zip64 archive, which is not supported');
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50)
      throw new PackageError('is a damaged zip (bad directory entry)');
    const madeBy = zip[at + 5];
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + skip;
    const kind = madeBy === 3 ? mode & 0o170000 : 0;
    if (kind === 0o120000) {
      entries.push({ name, type: 'symlink', linkTarget: zipData(zip, local, method, compressed) });
    } else if (kind !== 0 && kind !== 0o100000 && kind !== 0o040000) {
      entries.push({ name, type: 'other' });
    } else {
      entries.push({ name, type: name.endsWith('/') || kind === 0o040000 ? 'directory' : 'file' });
    }
  }
  return entries;
}

/** The (small) data of one zip entry: a symlink's target. */
function zipData(zip: Buffer, local: number, method: number, size: number): string {
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50 || size > 4096)
    throw new PackageError('is a damaged zip (bad link entry)');
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + size);
  if (method === 0) return data.toString('utf8');
  if (method === 8) return inflateRawSync(data, { maxOutputLength: 4096 }).toString('utf8');
  throw new PackageError(`uses zip compression method ${method}, which is not supported`);
}

const tarTypes: Record<string, PackageEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'directory',
};

const field = (block: Buffer, start: number, length: number) => {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.toString('utf8', 0, end < 0 ? raw.length : end);
};

/** `key=value` records of a pax header. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of data.toString('utf8').split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (match) out[match[1] as string] = match[2] as string;
  }
  return out;
}

function tarEntries(tar: Buffer): RawEntry[] {
  const entries: RawEntry[] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new PackageError('is a damaged tar (bad size)');
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    const type = String.fromCharCode(header[156] as number);
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === 'K') longLink = field(data, 0, data.length);
    else if (type === 'x') {
      const pax = paxRecords(data);
      longName = pax.path ?? longName;
      longLink = pax.linkpath ?? longLink;
    } else if (type === 'g') {
      // Global pax headers carry defaults (times, charsets), never a path.
    } else {
      const prefix = field(header, 345, 155);
      const short = field(header, 0, 100);
      const name = longName ?? (prefix ? `${prefix}/${short}` : short);
      const linkTarget = longLink ?? field(header, 157, 100);
      entries.push({ name, type: tarTypes[type] ?? 'other', linkTarget });
      longName = undefined;
      longLink = undefined;
    }
  }
  return entries;
}
