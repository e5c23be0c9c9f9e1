import type { AgentSettings, Workload } from '@berth/spec';
import type {
  DriverContext,
  EngineDriver,
  LogsRequest,
  ObservedNode,
  ObservedWorkload,
  OutputSink,
  ReconcileAction,
} from '../reconcile/engine-driver.js';

/**
 * A driver that loads its real implementation only once it is needed: on the first
 * `apply` (a workload of its kind is desired) or, for `observe`, once `inUse()` says
 * there may be something of its kind on the host (its state file exists, so leftovers
 * of removed workloads are still cleaned up after a restart). Until then it observes
 * nothing and costs neither memory nor engine calls — the idle agent with no instance
 * never touches the container engine.
 */
export class LazyDriver implements EngineDriver {
  private driver: EngineDriver | undefined;
  private loading: Promise<EngineDriver> | undefined;
  private context: DriverContext | undefined;
  private settings: AgentSettings | undefined;

  constructor(
    readonly kind: string,
    private readonly load: () => Promise<EngineDriver>,
    private readonly inUse: () => Promise<boolean>,
  ) {}

  /** Whether the real driver has been loaded (tests, footprint). */
  get loaded(): boolean {
    return this.driver !== undefined;
  }

  async observe(): Promise<ObservedWorkload[]> {
    if (!this.driver && !(await this.inUse())) return [];
    return (await this.get()).observe();
  }

  async apply(action: ReconcileAction): Promise<void> {
    await (await this.get()).apply(action);
  }

  attach(context: DriverContext): void {
    this.context = context;
    this.driver?.attach?.(context);
  }

  configure(settings: AgentSettings): void {
    this.settings = settings;
    this.driver?.configure?.(settings);
  }

  failedNodes(workload: Workload, message: string): ObservedNode[] {
    return this.driver?.failedNodes?.(workload, message) ?? [];
  }

  async logs(request: LogsRequest, sink: OutputSink): Promise<void> {
    const driver = await this.get();
    if (!driver.logs) throw new Error(`workloads of kind ${this.kind} have no logs`);
    await driver.logs(request, sink);
  }

  async close(): Promise<void> {
    await this.driver?.close?.();
  }

  private get(): Promise<EngineDriver> {
    this.loading ??= this.load().then((driver) => {
      if (this.context) driver.attach?.(this.context);
      if (this.settings) driver.configure?.(this.settings);
      this.driver = driver;
      return driver;
    });
    return this.loading;
  }
}
