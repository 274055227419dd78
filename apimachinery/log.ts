// Structured logging: one JSON line per event (pino). Loggers are passed in, never global;
// components make child loggers per controller / per pod and log objects as `namespace/name`.
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  component: string;
  level?: string;
  /** Write to this file descriptor / destination instead of stdout. */
  destination?: string | number;
}

export function newLogger(opts: LogOptions): Logger {
  const level = opts.level ?? process.env.K8TS_LOG_LEVEL ?? 'info';
  const dest = opts.destination === undefined ? 1 : opts.destination;
  return pino({ level, base: { component: opts.component } }, pino.destination({ dest, sync: false }));
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** `namespace/name` (or `name` for cluster-scoped objects) of an object's metadata. */
export function objectRef(meta: { namespace?: string; name?: string } | undefined): string {
  if (!meta) return '<unknown>';
  return meta.namespace ? `${meta.namespace}/${meta.name}` : (meta.name ?? '<unknown>');
}
