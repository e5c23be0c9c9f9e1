/** Where a wait loop shows its progress: stderr, for people. */
export interface ProgressPrinter {
  /** A line that stays: a change of phase, an event. */
  line(text: string): void;
  /** The current state, shown on a spinner line on a terminal and not at all elsewhere. */
  status(text: string): void;
  /** Clears the spinner line, if any; call it before anything else is printed. */
  done(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const clearLine = '\r\x1b[2K';

/**
 * On a terminal, keeps one spinner line at the bottom (redrawn in place, lines that stay
 * are printed above it); elsewhere (CI logs, pipes) prints plain lines only, so a log
 * holds no escape sequences.
 */
export function createProgressPrinter(
  write: (text: string) => void,
  terminal: boolean,
): ProgressPrinter {
  let spinner = '';
  let frame = 0;
  return {
    line(text) {
      if (!terminal) return write(`${text}\n`);
      write(`${spinner ? clearLine : ''}${text}\n${spinner}`);
    },
    status(text) {
      if (!terminal) return;
      spinner = `${frames[frame++ % frames.length]} ${text}`;
      write(`${clearLine}${spinner}`);
    },
    done() {
      if (spinner) write(clearLine);
      spinner = '';
    },
  };
}
