import { connect, createServer, type Server, type Socket } from 'node:net';

/** How the proxy treats traffic now. */
export type FaultMode = 'pass' | 'cut' | 'blackhole';

interface Link {
  client: Socket;
  upstream?: Socket;
}

/**
 * A TCP proxy between an agent and a server, for partitions (R20) on one machine:
 *
 * - `pass`: forwards both ways (the default, and after `heal()`);
 * - `cut()`: resets every connection and refuses new ones with a reset, like a crashed
 *   peer or a firewall sending RSTs;
 * - `blackhole()`: keeps connections open but moves no byte either way, and accepts new
 *   connections without connecting them on, like a cable pulled or a NAT that forgot the
 *   flow. Bytes written meanwhile wait in the socket buffers and flow after `heal()`, as
 *   TCP retransmission would deliver them after a short partition;
 * - `heal()`: back to `pass`; held connections are connected and resumed.
 */
export class FaultProxy {
  mode: FaultMode = 'pass';
  private readonly links = new Set<Link>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards to `target`. */
  static async start(target: { host?: string; port: number }): Promise<FaultProxy> {
    const server = createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('fault proxy: no address');
    const proxy = new FaultProxy(server, address.port, {
      host: target.host ?? '127.0.0.1',
      port: target.port,
    });
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** `http://127.0.0.1:PORT`: give this to the agent instead of the server's URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Open client connections. */
  get connections(): number {
    return this.links.size;
  }

  cut(): void {
    this.mode = 'cut';
    for (const link of this.links) this.reset(link);
  }

  blackhole(): void {
    this.mode = 'blackhole';
    for (const link of this.links) {
      link.client.pause();
      link.upstream?.pause();
    }
  }

  heal(): void {
    this.mode = 'pass';
    for (const link of this.links) {
      if (link.upstream) {
        link.client.resume();
        link.upstream.resume();
      } else {
        this.forward(link);
      }
    }
  }

  /** Resets every connection and stops listening. */
  async stop(): Promise<void> {
    for (const link of this.links) this.reset(link);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const link: Link = { client };
    client.on('error', () => this.reset(link));
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    this.links.add(link);
    client.on('close', () => this.close(link));
    if (this.mode === 'pass') this.forward(link);
  }

  private forward(link: Link): void {
    const upstream = connect(this.target.port, this.target.host);
    link.upstream = upstream;
    upstream.on('error', () => this.reset(link));
    upstream.on('close', () => this.close(link));
    upstream.on('connect', () => {
      this.relay(link.client, upstream);
      this.relay(upstream, link.client);
      if (this.mode === 'blackhole') upstream.pause();
      else link.client.resume();
    });
  }

  /**
   * Copies `from` to `to` by hand rather than with pipe(): pipe() resumes a source when
   * its destination drains, which would leak bytes through a black hole.
   */
  private relay(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (this.mode === 'pass') from.resume();
    });
    from.on('end', () => to.end());
  }

  private reset(link: Link): void {
    this.links.delete(link);
    if (!link.client.destroyed) link.client.resetAndDestroy();
    if (link.upstream && !link.upstream.destroyed) link.upstream.resetAndDestroy();
  }

  private close(link: Link): void {
    this.links.delete(link);
    link.client.destroy();
    link.upstream?.destroy();
  }
}
