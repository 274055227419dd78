// A small gate for the runtime-heavy steps of starting pods (creating a sandbox; creating and
// starting a container): at most `limit` run at once, FIFO, and a container start goes before a
// new sandbox, so pods already half-way through finish first instead of all pods advancing in
// lockstep (with 30 pods created at once, early pods then run early and late ones no later).
export class StartGate {
  private running = 0;
  private readonly queues: [Array<() => void>, Array<() => void>] = [[], []];

  constructor(private readonly limit: number) {}

  /** Runs `fn` when a slot is free; `urgent` (container starts) are served before the others. */
  async run<T>(urgent: boolean, fn: () => Promise<T>): Promise<T> {
    if (this.limit <= 0) return fn();
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queues[urgent ? 0 : 1].push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.queues[0].shift() ?? this.queues[1].shift();
      if (next) next(); // the slot passes on
      else this.running--;
    }
  }

  get waiting(): number { return this.queues[0].length + this.queues[1].length; }
}
