/** Log levels the agent uses; the desired state's `settings.logLevel` picks one. */
export type AgentLogLevel = 'error' | 'warn' | 'info' | 'debug';

type LogMethod = (fields: object, message?: string) => void;

/**
 * The structured logger the agent writes to. It has pino's shape, so an embedding
 * control plane can hand in its own pino (or Fastify) logger; the agent's own process
 * uses `createAgentLogger`. Fields carry data; the message is a constant sentence, so
 * logs can be searched by it.
 */
export interface AgentLogger {
  level: string;
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  child(bindings: Record<string, unknown>): AgentLogger;
}

const severities: Record<string, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * Field names whose values are replaced by "[redacted]" at any depth: a belt to the
 * braces of never passing them. The join token and the private key must not reach a log
 * (R12).
 */
const secretKeys = new Set(['token', 'joinToken', 'privateKey', 'privateKeyPem']);

/**
 * A JSON-lines logger (pino's line format: `level`, `time`, `pid`, `name`, bindings,
 * fields, `msg`) writing to `stream`, stderr by default. Not pino itself: pino and its
 * transports cost the idle agent several MiB of its 60 MiB budget, and the agent writes
 * a few lines a minute. `write` is called once per line, synchronously, so the lines
 * before an exit are not lost.
 */
export function createAgentLogger(
  level: AgentLogLevel = 'info',
  stream: { write(line: string): unknown } = process.stderr,
): AgentLogger {
  return new JsonLinesLogger(level, { pid: process.pid, name: 'berth-agent' }, stream);
}

class JsonLinesLogger implements AgentLogger {
  private threshold: number;
  private current: string;

  constructor(
    level: string,
    private readonly bindings: Record<string, unknown>,
    private readonly stream: { write(line: string): unknown },
  ) {
    this.current = level;
    this.threshold = severities[level] ?? severities.info!;
  }

  get level(): string {
    return this.current;
  }

  /** Like pino: a child's level is its own from the moment it is created. */
  set level(level: string) {
    if (severities[level] === undefined) return;
    this.current = level;
    this.threshold = severities[level];
  }

  error(fields: object, message?: string): void {
    this.write('error', fields, message);
  }
  warn(fields: object, message?: string): void {
    this.write('warn', fields, message);
  }
  info(fields: object, message?: string): void {
    this.write('info', fields, message);
  }
  debug(fields: object, message?: string): void {
    this.write('debug', fields, message);
  }

  child(bindings: Record<string, unknown>): AgentLogger {
    return new JsonLinesLogger(this.current, { ...this.bindings, ...bindings }, this.stream);
  }

  private write(level: string, fields: object, message?: string): void {
    if (severities[level]! < this.threshold) return;
    const record = {
      level,
      time: new Date().toISOString(),
      ...this.bindings,
      ...(fields as Record<string, unknown>),
      ...(message === undefined ? {} : { msg: message }),
    };
    let line: string;
    try {
      line = JSON.stringify(record, redact);
    } catch {
      line = JSON.stringify({
        level,
        time: record.time,
        msg: message,
        logError: 'unserialisable fields',
      });
    }
    this.stream.write(`${line}\n`);
  }
}

function redact(key: string, value: unknown): unknown {
  if (secretKeys.has(key)) return '[redacted]';
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
