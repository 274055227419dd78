// The thin kernel side: hands a transaction to `nft -f -` (atomic: all of it or none) and reads
// our table back. A recording fake sits beside it for tests that have no root.
import { spawn } from 'node:child_process';

export interface NftWriter {
  /** Applies one transaction atomically; rejects with nft's message if the kernel refused it. */
  apply(script: string, signal?: AbortSignal): Promise<void>;
  /** `nft list table FAMILY NAME`, or undefined when the table does not exist. */
  list(family: string, name: string, signal?: AbortSignal): Promise<string | undefined>;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runNft(bin: string, args: string[], input: string | undefined, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export class NftCli implements NftWriter {
  constructor(private readonly bin = 'nft') {}

  async apply(script: string, signal?: AbortSignal): Promise<void> {
    const r = await runNft(this.bin, ['-f', '-'], script, signal);
    if (r.code !== 0) throw new Error(`nft -f failed (exit ${r.code}): ${r.stderr.trim()}`);
  }

  async list(family: string, name: string, signal?: AbortSignal): Promise<string | undefined> {
    const r = await runNft(this.bin, ['list', 'table', family, name], undefined, signal);
    if (r.code === 0) return r.stdout;
    if (/No such file or directory/.test(r.stderr)) return undefined;
    throw new Error(`nft list failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

/** Records transactions instead of touching the kernel; `failNext` makes the next apply throw. */
export class FakeNftWriter implements NftWriter {
  readonly applied: string[] = [];
  failNext?: Error;

  async apply(script: string): Promise<void> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    this.applied.push(script);
  }

  async list(): Promise<string | undefined> {
    return this.applied.at(-1);
  }
}
