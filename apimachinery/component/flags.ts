// Command-line flags as Kubernetes components take them (spf13/pflag): `--flag=value` and
// `--flag value`; boolean flags as `--flag` or `--flag=<strconv.ParseBool>`; Go durations.
// node:util parseArgs does the tokenising; this layer adds what it lacks (Go booleans).
import { parseArgs } from 'node:util';
import { parseDuration } from '../duration.js';

/** Go's strconv.ParseBool: 1, t, T, TRUE, true, True / 0, f, F, FALSE, false, False. */
export function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new Error(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}

export interface FlagDef {
  type: 'string' | 'boolean';
  /** Repeatable (`--x a --x b`): the values in order. */
  multiple?: boolean;
}

/** A component's flags by name (without the dashes): what it accepts, exported for the launcher. */
export type FlagDefs = Record<string, FlagDef>;

type FlagValue<D extends FlagDef> = D['type'] extends 'boolean' ? boolean : D['multiple'] extends true ? string[] : string;

/** The flags given on the command line (absent ones are undefined). */
export type FlagValues<T extends FlagDefs> = { [K in keyof T]?: FlagValue<T[K]> };

/** pflag's message for a value a flag does not take. */
export function invalidFlag(name: string, value: string, err: unknown): Error {
  const why = err instanceof Error ? err.message : String(err);
  return new Error(`invalid argument ${JSON.stringify(value)} for "--${name}" flag: ${why}`);
}

/**
 * Parses `argv` against `defs` (unknown flags throw). Boolean flags take `--x`, `--x=true|false`
 * (any strconv.ParseBool spelling) but never a separate word, as in pflag.
 */
export function parseFlags<T extends FlagDefs>(argv: string[], defs: T, opts: { positionals?: boolean } = {}): { values: FlagValues<T>; positionals: string[] } {
  const dashdash = argv.indexOf('--');
  const args = argv.map((a, i) => {
    if (dashdash >= 0 && i >= dashdash) return a;
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    return name !== undefined && defs[name]?.type === 'boolean' ? `${a}=true` : a;
  });
  const options: Record<string, { type: 'string'; multiple?: boolean }> = {};
  for (const [name, def] of Object.entries(defs)) options[name] = { type: 'string', ...(def.multiple ? { multiple: true } : {}) };
  const parsed = parseArgs({ args, options, strict: true, allowPositionals: opts.positionals ?? false });
  const values: Record<string, string | boolean | string[]> = {};
  for (const [name, v] of Object.entries(parsed.values)) {
    if (v === undefined) continue;
    if (defs[name]?.type === 'boolean') {
      values[name] = boolFlag(name, Array.isArray(v) ? v[v.length - 1] : String(v), false);
    } else values[name] = v as string | string[];
  }
  return { values: values as FlagValues<T>, positionals: parsed.positionals };
}

/** A duration flag's value in milliseconds (Go syntax), `dflt` when the flag is absent. */
export function durationFlag(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  try {
    return parseDuration(v);
  } catch (err) {
    throw invalidFlag(name, v, err);
  }
}

/**
 * A boolean given as a string flag (so `--flag false`, as a separate word, works too), with
 * strconv.ParseBool's spellings; `dflt` when absent.
 */
export function boolFlag(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  try {
    return parseBool(v);
  } catch (err) {
    throw invalidFlag(name, v, `${err instanceof Error ? err.message : String(err)} (want true or false)`);
  }
}

/** A comma-separated list flag ("a, b,c" → [a, b, c]); undefined when absent. */
export function listFlag(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
