import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectParams, parseParamFile, parseParamFlag, parseParamValue } from './parse-params.js';

describe(parseParamValue, () => {
  it.each([
    ['north', 'north'],
    ['8080', 8080],
    ['-1.5', -1.5],
    ['2e3', 2000],
    ['true', true],
    ['false', false],
    ['True', 'True'],
    ['007', '007'],
    ['1.', '1.'],
    ['0x10', '0x10'],
    ['12345678901234567890', '12345678901234567890'],
    ['1e400', '1e400'],
    ['-0', '-0'],
    ['"8080"', '8080'],
    ["'true'", 'true'],
    ['"a b"', 'a b'],
    ['"', '"'],
    ['"mixed\'', '"mixed\''],
    ['', ''],
  ])('reads %j as %j', (raw, value) => {
    expect(parseParamValue(raw)).toBe(value);
  });

  it('reads back every number as JavaScript writes it, but whole numbers beyond 2^53', () => {
    const exact = (n: number) =>
      !Object.is(n, -0) && (!Number.isInteger(n) || Number.isSafeInteger(n));
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter(exact), (n) => {
        expect(parseParamValue(String(n))).toBe(n);
      }),
    );
  });

  it('keeps anything in matching quotes as the string between them', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('"', "'"), (text, quote) => {
        expect(parseParamValue(`${quote}${text}${quote}`)).toBe(text);
      }),
    );
  });

  it('keeps any other text that is neither a number nor a boolean as it is', () => {
    fc.assert(
      fc.property(
        fc
          .string()
          .filter((s) => !/^["']/.test(s) && !/^-?\d/.test(s) && s !== 'true' && s !== 'false'),
        (text) => {
          expect(parseParamValue(text)).toBe(text);
        },
      ),
    );
  });
});

describe(parseParamFlag, () => {
  it('splits at the first = only', () => {
    expect(parseParamFlag('url=http://x/?a=b')).toEqual(['url', 'http://x/?a=b']);
    expect(parseParamFlag('empty=')).toEqual(['empty', '']);
    expect(parseParamFlag('replicas=3')).toEqual(['replicas', 3]);
  });

  it.each(['site', '=north', ''])('refuses %j with exit code 2', (flag) => {
    expect(() => parseParamFlag(flag)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('keeps the key and parses the value for any key without =', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !k.includes('=')),
        fc.string(),
        (k, v) => {
          expect(parseParamFlag(`${k}=${v}`)).toEqual([k, parseParamValue(v)]);
        },
      ),
    );
  });
});

describe(parseParamFile, () => {
  it('reads a YAML map, keeping YAML types', () => {
    const text = 'site: north\nport: 8080\ndebug: true\nzip: "01234"\npassword: "s3cr=t"\n';
    expect(parseParamFile('p.yaml', text)).toEqual({
      site: 'north',
      port: 8080,
      debug: true,
      zip: '01234',
      password: 's3cr=t',
    });
  });

  it('reads a JSON object, and an empty file as no parameters', () => {
    expect(parseParamFile('p.json', '{"site": "north", "n": 2}')).toEqual({ site: 'north', n: 2 });
    expect(parseParamFile('p.yaml', '')).toEqual({});
  });

  it('refuses a list, nested values and broken YAML with exit code 7, naming the file', () => {
    expect(() => parseParamFile('p.yaml', '- a\n- b\n')).toThrow(
      expect.objectContaining({
        exitCode: 7,
        message: expect.stringMatching(/^p\.yaml must be a map/),
      }),
    );
    expect(() => parseParamFile('p.yaml', 'a: {b: 1}\nc: [1]\nd:\n')).toThrow(
      'p.yaml: the value of "a", "c", "d" must be a string, a number or a boolean',
    );
    expect(() => parseParamFile('p.yaml', 'a: [1\n')).toThrow(/^p\.yaml is not valid YAML or JSON/);
    expect(() => parseParamFile('p.yaml', 'a: 1\na: 2\n')).toThrow(/not valid YAML/);
  });
});

describe(collectParams, () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const noStdin = async () => '';

  it('answers undefined when no flag gives a parameter', async () => {
    await expect(collectParams({}, noStdin)).resolves.toBeUndefined();
  });

  it('lets --param win over --param-stdin, and that over the files, later files over earlier', async () => {
    const a = file('a.yaml', 'site: a\nport: 1\nkey: from-a\nextra: x\n');
    const b = file('b.json', '{"site": "b", "port": 2}');
    const params = await collectParams(
      { paramFile: [a, b], paramStdin: 'key', param: ['site=flag'] },
      async () => 'from-stdin\n',
    );

    expect(params).toEqual({ site: 'flag', port: 2, key: 'from-stdin', extra: 'x' });
  });

  it('keeps a value from stdin a string, without its final line ending only', async () => {
    const params = await collectParams({ paramStdin: 'pin' }, async () => '0042 \r\n');
    expect(params).toEqual({ pin: '0042 ' });
  });

  it('reads a parameter file from stdin with -', async () => {
    const params = await collectParams({ paramFile: ['-'] }, async () => 'a: 1\n');
    expect(params).toEqual({ a: 1 });
  });

  it('refuses stdin twice, an empty stdin value (2) and a missing file (5)', async () => {
    await expect(
      collectParams({ paramFile: ['-'], paramStdin: 'x' }, noStdin),
    ).rejects.toMatchObject({ exitCode: 2 });
    await expect(collectParams({ paramStdin: 'x' }, async () => '\n')).rejects.toMatchObject({
      exitCode: 2,
      message: '--param-stdin x: standard input is empty',
    });
    await expect(
      collectParams({ paramFile: [join(dir, 'missing.yaml')] }, noStdin),
    ).rejects.toMatchObject({ exitCode: 5 });
  });
});
