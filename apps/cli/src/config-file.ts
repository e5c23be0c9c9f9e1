import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError } from './cli-error.js';
import { type Config, type Context, emptyConfig, parseConfig } from './config.js';
import { exitCodes } from './exit-codes.js';

export interface ReadConfigOptions {
  /** Where warnings go (a config readable by others). */
  warn: (message: string) => void;
  /** Unix permission bits mean nothing on Windows; skip the check there. */
  checkMode: boolean;
}

const header = '# berth CLI configuration. It holds session tokens: keep it private (mode 0600).\n';

/**
 * Reads the config file; a missing file is an empty config. Like ssh, it warns when the
 * file is readable or writable by group or others, since it holds tokens.
 * @throws CliError (exit 1, code `config_invalid`) when the file is not valid YAML or
 *   not the config shape; any other I/O error as is.
 */
export async function readConfig(path: string, options: ReadConfigOptions): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig;
    throw error;
  }
  if (options.checkMode) {
    const mode = (await stat(path)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      options.warn(
        `warning: ${path} is accessible by others (mode ${mode.toString(8).padStart(4, '0')}) and holds tokens; run: chmod 600 ${path}`,
      );
    }
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw invalid(path, (error as Error).message.split('\n')[0] ?? 'not YAML');
  }
  const config = parseConfig(document);
  if (typeof config === 'string') throw invalid(path, config);
  return config;
}

function invalid(path: string, why: string): CliError {
  return new CliError(
    `The config file ${path} is invalid: ${why}`,
    exitCodes.unexpected,
    'config_invalid',
  );
}

/**
 * Writes the config atomically: to a temporary file in the same directory (mode 0600,
 * fsynced), then renamed over the old one, so a crash or a full disk leaves either the
 * old file or the new one, never half of one. Directories it creates get mode 0700.
 */
export async function writeConfig(path: string, config: Config): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const text = header + stringify(withoutEmpty(config));
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      // the umask may have taken bits away, never added them; make the mode exact
      await file.chmod(0o600);
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory; the rename is still atomic there
  }
}

/** YAML keeps `key: null` for absent values; leave them out instead. */
function withoutEmpty(config: Config): Config {
  const contexts = config.contexts.map(
    (c): Context => ({
      name: c.name,
      server: c.server,
      username: c.username,
      ...(c.account ? { account: c.account } : {}),
      ...(c.token ? { token: c.token } : {}),
    }),
  );
  return config.currentContext ? { currentContext: config.currentContext, contexts } : { contexts };
}
