// A bounded single-consumer async queue: producers push synchronously, the consumer iterates. When the
// buffer is full the channel closes with an overflow error instead of growing, so one slow consumer can
// never stall producers or hold unbounded memory.

export class EventChannel<T> implements AsyncIterable<T> {
  private buf: T[] = [];
  private head = 0;
  private closed = false;
  private error: unknown = undefined;
  private wake: (() => void) | undefined;

  /** `overflow` makes the error the iterator throws when more than `capacity` items are waiting. */
  constructor(
    readonly capacity: number,
    private readonly overflow: () => unknown,
  ) {}

  get size(): number {
    return this.buf.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues an item; false when closed, or when full (the channel then closes with the overflow error). */
  push(item: T): boolean {
    if (this.closed) return false;
    if (this.size >= this.capacity) {
      this.close(this.overflow());
      return false;
    }
    this.buf.push(item);
    this.signal();
    return true;
  }

  /** Ends the stream: queued items are dropped when `err` is given, else drained first. */
  close(err?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (err !== undefined) {
      this.error = err;
      this.buf = [];
      this.head = 0;
    }
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private shift(): T {
    const item = this.buf[this.head]!;
    this.buf[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.error !== undefined) throw this.error;
      if (this.size > 0) {
        yield this.shift();
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
