export { type AgentOptions, type RunningAgent, startAgent } from './agent.js';
export {
  AlreadyJoinedError,
  CorruptStateError,
  FingerprintMismatchError,
  JoinRefusedError,
  NotJoinedError,
  ServerUnreachableError,
  StateLockedError,
} from './agent-errors.js';
export { type AgentLogger, type AgentLogLevel, createAgentLogger } from './agent-logger.js';
export type { AgentSnapshot } from './agent-snapshot.js';
export {
  type EmbeddedAgent,
  type EmbeddedAgentOptions,
  type EmbeddedOutcome,
  startEmbeddedAgent,
} from './embedded.js';
export {
  type EngineDriver,
  type ObservedWorkload,
  type ReconcileAction,
  RetryLaterError,
  TerminalError,
} from './reconcile/engine-driver.js';
export { NoopDriver } from './reconcile/noop-driver.js';
export { plan } from './reconcile/plan.js';
