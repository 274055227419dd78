// Runs the cluster's processes as separate children: starts them in order, restarts any that
// exits with exponential backoff (1 s doubling to 30 s, reset after 60 s up), logs each to
// logs/<name>.log, and stops them in reverse order on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../apimachinery/log.js';

export interface ComponentSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Resolves when the component may start (e.g. its certificates exist); later ones wait too. */
  before?: (signal: AbortSignal) => Promise<void>;
  /** Resolves when the component is ready (before the next one starts, unless readyInBackground). */
  ready?: (signal: AbortSignal) => Promise<void>;
  /** Start the next components at once; `ready` is only awaited for the log. */
  readyInBackground?: boolean;
}

export interface SupervisedState {
  name: string;
  pid?: number;
  restarts: number;
  startedAt?: string;
}

export class Supervisor {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly state = new Map<string, SupervisedState>();
  private stopping = false;

  constructor(
    private readonly logsDir: string,
    private readonly stateFile: string,
    private readonly log: Logger,
  ) {}

  async start(specs: ComponentSpec[], signal: AbortSignal): Promise<void> {
    for (const spec of specs) {
      this.state.set(spec.name, { name: spec.name, restarts: 0 });
      if (spec.before) await spec.before(signal);
      this.launch(spec, 1000);
      if (spec.ready && spec.readyInBackground) {
        spec.ready(signal).then(
          () => this.log.info({ component: spec.name }, 'component ready'),
          (err: unknown) => this.log.warn({ component: spec.name, err: String(err) }, 'component not ready'),
        );
        continue;
      }
      if (spec.ready) await spec.ready(signal);
      this.log.info({ component: spec.name }, 'component ready');
    }
  }

  private writeState(): void {
    writeFileSync(this.stateFile, JSON.stringify([...this.state.values()], null, 2));
  }

  private launch(spec: ComponentSpec, backoffMs: number): void {
    const logFd = openSync(join(this.logsDir, `${spec.name}.log`), 'a');
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', logFd, logFd], env: { ...process.env, ...spec.env } });
    closeSync(logFd);
    const started = Date.now();
    this.procs.set(spec.name, child);
    const st = this.state.get(spec.name)!;
    st.pid = child.pid;
    st.startedAt = new Date(started).toISOString();
    this.writeState();
    this.log.info({ component: spec.name, pid: child.pid }, 'component started');
    child.on('exit', (code, sig) => {
      this.procs.delete(spec.name);
      if (this.stopping) return;
      const upMs = Date.now() - started;
      const next = upMs > 60_000 ? 1000 : Math.min(backoffMs * 2, 30_000);
      const delay = upMs > 60_000 ? 1000 : backoffMs;
      st.restarts++;
      st.pid = undefined;
      this.writeState();
      this.log.warn({ component: spec.name, code, signal: sig, restartInMs: delay }, 'component exited; restarting');
      setTimeout(() => {
        if (!this.stopping) this.launch(spec, next);
      }, delay).unref();
    });
  }

  /** Stops children in reverse start order: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(order: string[], graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const name of [...order].reverse()) {
      const child = this.procs.get(name);
      if (!child || child.exitCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      this.log.info({ component: name }, 'component stopped');
    }
  }
}
