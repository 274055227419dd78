// Reads -f arguments: files, directories (-R recursing), and "-" for stdin; splits multi-document
// YAML/JSON into objects, dropping empty documents and flattening kind: List.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CliError, type IO } from './cli-runtime/io.js';

export type Manifest = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> } };

export interface Source {
  name: string;
  objects: Manifest[];
}

const EXTS = new Set(['.yaml', '.yml', '.json']);

export async function readManifests(filenames: string[], recursive: boolean, io: IO): Promise<Source[]> {
  if (filenames.length === 0) throw new CliError('error: must specify one of -f and -k');
  const { parseAllDocuments } = await import('yaml');
  const out: Source[] = [];
  const parse = (name: string, text: string): void => {
    const objects: Manifest[] = [];
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      if (doc.errors.length) throw new CliError(`error: error parsing ${name}: ${doc.errors[0].message}`);
      const v = doc.toJS({ maxAliasCount: 100 }) as unknown;
      if (v === null || v === undefined) continue;
      if (typeof v !== 'object' || Array.isArray(v)) throw new CliError(`error: error parsing ${name}: not a Kubernetes object`);
      const m = v as Manifest;
      if (typeof m.kind === 'string' && m.kind.endsWith('List') && Array.isArray(m.items)) objects.push(...(m.items as Manifest[]));
      else objects.push(m);
    }
    out.push({ name, objects });
  };
  const walk = (path: string, top: boolean): void => {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new CliError(`error: the path "${path}" does not exist`);
    }
    if (st.isDirectory()) {
      if (!top && !recursive) return;
      const before = out.length;
      for (const e of readdirSync(path).sort()) {
        const p = join(path, e);
        if (statSync(p).isDirectory()) walk(p, false);
        else if (EXTS.has(extname(e))) parse(p, readFileSync(p, 'utf8'));
      }
      if (top && out.length === before) throw new CliError(`error: error reading [${path}]: recognized file extensions are [.json .yaml .yml]`);
    } else parse(path, readFileSync(path, 'utf8'));
  };
  for (const f of filenames) {
    if (f === '-') parse('STDIN', await io.readStdin());
    else walk(f, true);
  }
  return out;
}
