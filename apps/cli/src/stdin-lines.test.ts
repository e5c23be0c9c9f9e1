import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { createStdinLines } from './stdin-lines.js';

describe(createStdinLines, () => {
  it('hands out lines in order, without their line endings, reading stdin once', async () => {
    let reads = 0;
    const lines = createStdinLines(async () => {
      reads++;
      return 'old pass \r\nnew pass\n';
    });

    expect(await lines.next('password')).toBe('old pass ');
    expect(await lines.next('new password')).toBe('new pass');
    expect(reads).toBe(1);
  });

  it('refuses a missing or empty line, naming what was expected and where', async () => {
    const lines = createStdinLines(async () => 'only-one\n');
    await lines.next('password');

    const error = await lines.next('new password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({
      exitCode: 2,
      message: 'Expected the new password on line 2 of standard input',
    });
  });
});
