import { setTimeout as sleep } from 'node:timers/promises';
import { agentCloseCodes } from '@berth/spec';
import { FingerprintMismatchError } from '../agent-errors.js';
import type { AgentLogger } from '../agent-logger.js';
import type { AgentSession, SessionEnd } from './agent-session.js';
import type { Backoff } from './backoff.js';

/** Why the supervisor stopped. */
export type SupervisorOutcome = { kind: 'stopped' } | { kind: 'revoked'; reason: string };

export interface SessionSupervisorOptions {
  /** Opens a new session (a new WebSocket). */
  connect: () => AgentSession;
  backoff: Backoff;
  /**
   * The delay after the server refused our credential (`authFailed`) or the certificate
   * did not match the pin: long, so a host with a broken credential does not hammer the
   * platform, but not forever, since an operator may be fixing it.
   */
  slowRetryMs: () => number;
  logger: AgentLogger;
  /** Told about every end, e.g. to mark the agent disconnected. */
  onEnd?: (end: SessionEnd) => void;
}

/**
 * Keeps one session open for as long as the agent runs: reconnects after every end with
 * exponential backoff and full jitter (`Backoff`), slowly after `authFailed` or a pin
 * mismatch, and stops for good after `revoked`. A site that cannot reach the platform
 * keeps retrying forever; the agent keeps running its workloads meanwhile.
 */
export class SessionSupervisor {
  private current: AgentSession | undefined;
  private readonly abort = new AbortController();
  private running: Promise<SupervisorOutcome> | undefined;

  constructor(private readonly options: SessionSupervisorOptions) {}

  /** Starts the loop; resolves when stopped or revoked. Never rejects. */
  start(): Promise<SupervisorOutcome> {
    this.running ??= this.loop();
    return this.running;
  }

  /** The open session, if any. */
  get session(): AgentSession | undefined {
    return this.current?.isOpen ? this.current : undefined;
  }

  /** Closes the session and ends the loop. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.current?.close(1000, 'agent stopping');
    await this.running;
  }

  private async loop(): Promise<SupervisorOutcome> {
    const { backoff, logger } = this.options;
    while (!this.abort.signal.aborted) {
      const session = this.options.connect();
      this.current = session;
      const end = await session.ended;
      this.current = undefined;
      this.options.onEnd?.(end);
      if (this.abort.signal.aborted) break;
      if (end.code === agentCloseCodes.revoked && !end.byAgent) {
        logger.error(
          { reason: end.reason },
          'this node was revoked by the platform; not reconnecting',
        );
        return { kind: 'revoked', reason: end.reason || 'the node was revoked' };
      }
      const slow =
        (end.code === agentCloseCodes.authFailed && !end.byAgent) ||
        end.error instanceof FingerprintMismatchError;
      const delay = slow ? this.options.slowRetryMs() : backoff.next();
      logEnd(logger, end, delay, slow);
      try {
        await sleep(delay, undefined, { signal: this.abort.signal, ref: false });
      } catch {
        break;
      }
    }
    return { kind: 'stopped' };
  }
}

function logEnd(logger: AgentLogger, end: SessionEnd, retryInMs: number, slow: boolean): void {
  const fields = {
    code: end.code,
    reason: end.reason || undefined,
    error: end.error?.message,
    welcomed: end.welcomed,
    retryInMs,
  };
  if (slow) {
    logger.error(fields, 'the server refused this node; retrying slowly');
  } else if (end.welcomed) {
    logger.warn(fields, 'session ended; reconnecting');
  } else {
    logger.info(fields, 'cannot connect to the server; retrying');
  }
}
