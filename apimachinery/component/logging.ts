// Logging set-up shared by every component: the --v / --log-level flags and the pino logger.
import { newLogger, type Logger } from '../log.js';
import type { FlagDefs } from './flags.js';

/** klog's verbosity (--v, 4 and up is debug) and pino's level by name (--log-level). */
export const logFlags = {
  v: { type: 'string' },
  'log-level': { type: 'string' },
} as const satisfies FlagDefs;

/** The log level the flags ask for: --log-level wins, else --v (≥ 4 debug, below info); undefined when neither is given. */
export function logLevelOf(values: { v?: string; 'log-level'?: string }): string | undefined {
  if (values['log-level'] !== undefined) return values['log-level'];
  if (values.v !== undefined) return Number(values.v) >= 4 ? 'debug' : 'info';
  return undefined;
}

/** The component's logger at the level its flags asked for. */
export function componentLogger(component: string, level: string | undefined): Logger {
  return newLogger({ component, level });
}
