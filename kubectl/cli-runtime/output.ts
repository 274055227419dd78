// Object output as kubectl prints it: -o json (Go's encoding: keys sorted, 4-space indent),
// -o yaml (sigs.k8s.io/yaml: keys sorted, YAML 1.1 quoting, sequences not indented), -o name.
import { CliError } from './io.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function sortKeys(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v as Json;
}

/** Go's json.MarshalIndent with "    " and sorted map keys (HTML characters escaped like Go). */
export function toJson(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + '\n';
}

export async function toYaml(v: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(sortKeys(v), { version: '1.1', lineWidth: 0, indentSeq: false, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', doubleQuotedMinMultiLineLength: 1_000_000 });
}

/** A YAML 1.2 (core schema) parser with `<<` merge keys, for kubeconfig files and edited objects;
 *  `yaml` is loaded on first use (the commands that read no YAML never load it). */
export async function yamlLoader(): Promise<(text: string) => unknown> {
  const { parse } = await import('yaml');
  return (text) => parse(text, { merge: true });
}

/** kubectl's List wrapper for several objects. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name' | 'jsonpath';

/** The template of `-o jsonpath=TEMPLATE` (quotes around it dropped), else undefined. */
export function jsonpathTemplate(o: string | undefined): string | undefined {
  const m = /^jsonpath=(.*)$/s.exec(o ?? '');
  if (!m) return undefined;
  const t = m[1];
  return /^'.*'$/s.test(t) ? t.slice(1, -1) : t;
}

export function parseOutput(o: string | undefined): OutputFormat {
  if (o === undefined || o === '') return 'table';
  if (o === 'wide' || o === 'json' || o === 'yaml' || o === 'name') return o;
  if (jsonpathTemplate(o) !== undefined) return 'jsonpath';
  if (o === 'jsonpath') throw new CliError('error: template format specified but no template given');
  throw new CliError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
}
