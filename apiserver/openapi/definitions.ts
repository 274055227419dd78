// Loads the generated component schemas (apiserver/openapi/generated/definitions.json). When the
// file is missing (a fresh checkout under vitest) it is generated on the fly, which needs the
// devDependencies (typescript, kubernetes-models); production builds run generate.js at build time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { definitionsPath, findProjectRoot } from './paths.js';
import type { DefinitionsFile } from './types.js';

export interface LoadOptions {
  /** Project root (holds package.json); found from this module's location when omitted. */
  root?: string;
  /** Generate the file when it is missing (default true). */
  generateIfMissing?: boolean;
}

export async function loadDefinitions(opts: LoadOptions = {}): Promise<DefinitionsFile> {
  const root = opts.root ?? findProjectRoot(import.meta.url);
  const file = definitionsPath(root);
  if (!existsSync(file)) {
    if (opts.generateIfMissing === false) throw new Error(`${file} is missing: run node dist/apiserver/openapi/generate.js`);
    try {
      const gen = await import('./generate.js');
      gen.writeDefinitions(root, file);
    } catch (e) {
      throw new Error(`${file} is missing and could not be generated (run node dist/apiserver/openapi/generate.js): ${String(e)}`);
    }
  }
  return parseDefinitions(readFileSync(file, 'utf8'), file);
}

export function parseDefinitions(text: string, where = 'definitions.json'): DefinitionsFile {
  const parsed = JSON.parse(text) as Partial<DefinitionsFile>;
  if (!parsed || typeof parsed !== 'object' || !parsed.schemas || typeof parsed.schemas !== 'object') {
    throw new Error(`${where}: not a definitions file (no "schemas")`);
  }
  return { source: parsed.source ?? {}, schemas: parsed.schemas, digest: createHash('sha256').update(text).digest('hex') };
}
