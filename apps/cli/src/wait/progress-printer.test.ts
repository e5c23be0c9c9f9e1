import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress-printer.js';

function capture(terminal: boolean) {
  let text = '';
  const printer = createProgressPrinter((t) => {
    text += t;
  }, terminal);
  return { printer, text: () => text };
}

describe(createProgressPrinter, () => {
  it('prints plain lines and no status without a terminal', () => {
    const { printer, text } = capture(false);
    printer.line('shop: pending');
    printer.status('shop pending · 1s');
    printer.line('shop: running');
    printer.done();

    expect(text()).toBe('shop: pending\nshop: running\n');
  });

  it('keeps a spinner line at the bottom of a terminal, lines above it, and clears it at the end', () => {
    const { printer, text } = capture(true);
    printer.line('shop: pending');
    printer.status('shop pending · 1s');
    printer.line('shop: running');
    printer.done();

    expect(text()).toBe(
      'shop: pending\n' +
        '\r\x1b[2K⠋ shop pending · 1s' +
        '\r\x1b[2Kshop: running\n⠋ shop pending · 1s' +
        '\r\x1b[2K',
    );
  });
});
