import { describe, expect, it } from 'vitest';
import { formatValidation } from './format-validation.js';

describe(formatValidation, () => {
  it('prints FILE:LINE:COLUMN  path  message per error', () => {
    const text = formatValidation('app.yaml', {
      ok: false,
      errors: [
        { path: 'nodes[0].image', message: 'is required', line: 12, column: 7 },
        { path: '', message: 'Map keys must be unique', line: 3, column: 1 },
      ],
    });

    expect(text).toBe(
      'app.yaml:12:7  nodes[0].image  is required\napp.yaml:3:1  (document)  Map keys must be unique\n',
    );
  });

  it('prints the node count and the deploy order of a valid file', () => {
    const plan = { levels: [['db'], ['api', 'worker']] } as Parameters<
      typeof formatValidation
    >[1]['plan'];
    const text = formatValidation('app.yaml', { ok: true, errors: [], plan });

    expect(text).toBe('valid: 3 nodes in 2 levels\n  level 0: db\n  level 1: api, worker\n');
  });
});
