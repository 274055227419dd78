// Plugin verdicts. "Doesn't fit" is a value (Unschedulable / UnschedulableAndUnresolvable), never an
// exception; Error is for real failures; Skip lets a PreFilter/PreScore opt out of a cycle.

export enum Code {
  Success = 'Success',
  Error = 'Error',
  Unschedulable = 'Unschedulable',
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  Skip = 'Skip',
}

export class Status {
  private constructor(
    readonly code: Code,
    readonly reasons: readonly string[],
    /** The plugin that produced this verdict (set by the framework). */
    readonly plugin?: string,
  ) {}

  static success(): Status {
    return SUCCESS;
  }
  static skip(): Status {
    return SKIP;
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }
  static error(err: unknown): Status {
    return new Status(Code.Error, [err instanceof Error ? err.message : String(err)]);
  }
  static of(code: Code, reasons: readonly string[], plugin?: string): Status {
    return new Status(code, reasons, plugin);
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }
  message(): string {
    return this.reasons.join(', ');
  }
  withPlugin(plugin: string): Status {
    return this.plugin === plugin ? this : new Status(this.code, this.reasons, plugin);
  }
}

const SUCCESS = Status.of(Code.Success, []);
const SKIP = Status.of(Code.Skip, []);
