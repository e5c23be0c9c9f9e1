import type { AgentMessage, CommandMessage, Workload } from '@berth/spec';
import type { AgentLogger } from '../agent-logger.js';
import type { EngineDriver, OutputSink } from '../reconcile/engine-driver.js';

/** Where a command's answers go: the session it came on. */
export interface CommandChannel {
  sendFlushed(message: AgentMessage): Promise<boolean>;
}

export interface CommandRunnerOptions {
  /** The desired workload of that id, if this host has it. */
  workload(id: string): Workload | undefined;
  /** The driver of a workload kind. */
  driver(kind: string): EngineDriver | undefined;
  logger: AgentLogger;
  /** Commands running at once; more are refused. Default 16. */
  maxRunning?: number;
}

/** The largest `data` of one `command-output` message, in characters. */
export const maxOutputPiece = 64 * 1024;

/**
 * Runs the server's on-demand commands (`logs`) and answers each with `command-output`
 * messages of the same id: pieces of ≤ 64 KiB of text, each sent only once the previous
 * one left (so a followed log never piles up in memory), then one with `done: true` —
 * and `error` when the command could not run. `cancel`, or the end of the session,
 * aborts it; nothing more is sent for it then. Never throws.
 */
export class CommandRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: CommandRunnerOptions) {}

  get size(): number {
    return this.running.size;
  }

  start(message: CommandMessage, channel: CommandChannel): void {
    if (this.running.has(message.id)) return;
    if (this.running.size >= (this.options.maxRunning ?? 16)) {
      void channel.sendFlushed({
        type: 'command-output',
        id: message.id,
        data: '',
        done: true,
        error: 'too many commands are running on this host; try again later',
      });
      return;
    }
    const controller = new AbortController();
    this.running.set(message.id, controller);
    void this.run(message, channel, controller).finally(() => this.running.delete(message.id));
  }

  cancel(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
  }

  /** Aborts everything (the session ended). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private async run(
    message: CommandMessage,
    channel: CommandChannel,
    controller: AbortController,
  ): Promise<void> {
    const { id, command } = message;
    const { signal } = controller;
    const send = (data: string, done: boolean, error?: string) =>
      channel.sendFlushed({ type: 'command-output', id, data, done, ...(error ? { error } : {}) });
    try {
      const workload = this.options.workload(command.workload);
      if (!workload) throw new Error(`this host runs no workload ${command.workload}`);
      const driver = this.options.driver(workload.kind);
      if (!driver?.logs) throw new Error(`workloads of kind ${workload.kind} have no logs`);
      const sink: OutputSink = {
        signal,
        write: async (text) => {
          for (let at = 0; at < text.length; at += maxOutputPiece) {
            if (signal.aborted) return false;
            if (!(await send(text.slice(at, at + maxOutputPiece), false))) {
              controller.abort();
              return false;
            }
          }
          return !signal.aborted;
        },
      };
      await driver.logs({ ...command, workload }, sink);
      if (!signal.aborted) await send('', true);
    } catch (error) {
      if (signal.aborted) return;
      const text = error instanceof Error ? error.message : String(error);
      this.options.logger.info({ command: command.kind, err: text }, 'command failed');
      await send('', true, text.slice(0, 2000));
    }
  }
}
