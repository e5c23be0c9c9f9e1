import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createOutput, type OutputFormat } from './output.js';

function capture(format: OutputFormat) {
  const streams = { stdout: '', stderr: '' };
  const out = createOutput(format, {
    stdout: (t) => {
      streams.stdout += t;
    },
    stderr: (t) => {
      streams.stderr += t;
    },
  });
  return { out, streams };
}

const data = { name: 'acme', createdAt: '2025-01-01T00:00:00.000Z' };

describe(createOutput, () => {
  it('prints results as JSON on stdout with -o json, and never the table', () => {
    const { out, streams } = capture('json');
    out.result(data, () => 'TABLE\n');

    expect(JSON.parse(streams.stdout)).toEqual(data);
    expect(streams.stdout.endsWith('\n')).toBe(true);
  });

  it('prints results as YAML on stdout with -o yaml', () => {
    const { out, streams } = capture('yaml');
    out.result(data, () => 'TABLE\n');

    expect(parse(streams.stdout)).toEqual(data);
  });

  it('prints the table in table format, and nothing when it is empty', () => {
    const { out, streams } = capture('table');
    out.result(data, () => 'TABLE\n');
    out.result(data, () => '');

    expect(streams.stdout).toBe('TABLE\n');
  });

  it('sends notes to stderr in every format, so stdout stays parseable', () => {
    const { out, streams } = capture('json');
    out.note('Created account "acme".');
    out.result(data, () => '');

    expect(streams.stderr).toBe('Created account "acme".\n');
    expect(JSON.parse(streams.stdout)).toEqual(data);
  });
});
