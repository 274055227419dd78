// Validators generated at build time (generate.ts): ajv's standalone code for every kind's schema,
// written beside definitions.json as one module. Loading it costs tens of milliseconds where compiling
// the same validators at start-up cost over a second of CPU (more with every kind served). The module
// is used only when it was generated from the very definitions.json being served (same sha256) by the
// same ajv version; otherwise the validators are compiled at run time, as before.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { findProjectRoot } from '../openapi/paths.js';
import type { DefinitionsFile } from '../openapi/types.js';
import { formatsModuleId, schemaFormats } from './ajv.js';

/** Definition name → its validator. */
export type CompiledValidators = ReadonlyMap<string, ValidateFunction>;

/** The generated module's shape. */
export interface GeneratedValidators {
  digest: string;
  ajvVersion: string;
  /** Definition name → export name in what `create` returns. */
  names: Record<string, string>;
  create(require: (id: string) => unknown): Record<string, ValidateFunction>;
}

export function validatorsPath(root: string): string {
  return path.join(root, 'apiserver', 'openapi', 'generated', 'validators.mjs');
}

export function ajvVersion(): string {
  const req = createRequire(import.meta.url);
  return (req('ajv/package.json') as { version: string }).version;
}

/** The build-time validators for `defs`, or undefined when there are none or they were made from other definitions. */
export async function loadCompiledValidators(defs: DefinitionsFile, root = findProjectRoot(import.meta.url)): Promise<CompiledValidators | undefined> {
  const file = validatorsPath(root);
  if (!defs.digest || !existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as GeneratedValidators;
  if (mod.digest !== defs.digest || mod.ajvVersion !== ajvVersion()) return undefined;
  return instantiate(mod);
}

export function instantiate(mod: GeneratedValidators): CompiledValidators {
  const formats = schemaFormats();
  const req = createRequire(import.meta.url);
  const exportsByName = mod.create((id) => (id === formatsModuleId ? formats : req(id)));
  const out = new Map<string, ValidateFunction>();
  for (const [name, exp] of Object.entries(mod.names)) {
    const fn = exportsByName[exp];
    if (typeof fn === 'function') out.set(name, fn);
  }
  return out;
}
