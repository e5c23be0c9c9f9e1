import {
  chmodSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import type { Config } from './config.js';
import { readConfig, writeConfig } from './config-file.js';

const config: Config = {
  currentContext: 'lab',
  contexts: [
    { name: 'lab', server: 'http://lab:7700', username: 'admin', token: 'bses_secret' },
    { name: 'prod', server: 'https://berth.example.com', username: 'ops', account: 'acme' },
  ],
};

let dir: string;
const warnings: string[] = [];
const options = { warn: (m: string) => warnings.push(m), checkMode: true };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-cli-config-'));
  warnings.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe(writeConfig, () => {
  it('writes the file with mode 0600 and creates its directory with mode 0700', async () => {
    const path = join(dir, 'nested', 'berth', 'config.yaml');
    const umask = process.umask(0);
    try {
      await writeConfig(path, config);
    } finally {
      process.umask(umask);
    }

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested', 'berth')).mode & 0o777).toBe(0o700);
  });

  it('reads back what it wrote, leaving absent fields out of the YAML', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, config);

    expect(await readConfig(path, options)).toEqual({
      currentContext: 'lab',
      contexts: [
        { ...config.contexts[0], account: undefined },
        { ...config.contexts[1], token: undefined },
      ],
    });
    expect(readFileSync(path, 'utf8')).not.toContain('null');
  });

  it('replaces the file by rename, so a reader never sees half of it', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, config);
    const before = readFileSync(path, 'utf8');
    // a second name for the old inode: an in-place rewrite would change it too
    linkSync(path, join(dir, 'old.yaml'));

    await writeConfig(path, { ...config, currentContext: 'prod' });

    expect(readFileSync(join(dir, 'old.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(path, 'utf8')).toContain('currentContext: prod');
  });

  it('leaves no temporary file behind', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, config);
    await writeConfig(path, config);

    expect(readdirSync(dir)).toEqual(['config.yaml']);
  });

  it('makes a file that was readable by others private again', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'contexts: []\n', { mode: 0o644 });
    await writeConfig(path, config);

    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe(readConfig, () => {
  it('answers an empty config when the file does not exist', async () => {
    expect(await readConfig(join(dir, 'none.yaml'), options)).toEqual({ contexts: [] });
  });

  it('warns on stderr, like ssh, when others may read the file, and still reads it', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, config);
    chmodSync(path, 0o644);

    const read = await readConfig(path, options);

    expect(read.currentContext).toBe('lab');
    expect(warnings).toEqual([expect.stringMatching(/mode 0644.*chmod 600/)]);
  });

  it('does not warn about a private file', async () => {
    const path = join(dir, 'config.yaml');
    await writeConfig(path, config);
    await readConfig(path, options);

    expect(warnings).toEqual([]);
  });

  it('refuses a file that is not YAML or not the config shape, naming it', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'contexts: [unclosed\n', { mode: 0o600 });
    await expect(readConfig(path, options)).rejects.toThrow(CliError);

    writeFileSync(path, 'contexts: 3\n', { mode: 0o600 });
    await expect(readConfig(path, options)).rejects.toThrow(
      `The config file ${path} is invalid: contexts must be a list`,
    );
  });
});
