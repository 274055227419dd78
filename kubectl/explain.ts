// `kubectl explain TYPE[.field…]` from the server's OpenAPI v3 document of the
// resource's group-version, printed with kubectl's plaintext template: KIND/VERSION header, the
// field's type and enum, its description word-wrapped at 76 columns, then the fields of its type.
import { resolve } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';

interface Schema {
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  enum?: unknown[];
  format?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}
interface Doc {
  components?: { schemas?: Record<string, Schema> };
}

export async function explain(s: Session, o: { args: string[]; recursive?: boolean }, io: IO): Promise<number> {
  if (o.args.length === 0) throw new CliError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  const [typed, ...fieldPath] = o.args[0].split('.');
  // `deployments.apps.spec` style: a group suffix is accepted when it names the resource's group
  const r = resolve(await s.resources(), typed);
  const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
  const index = await s.rest.json<{ paths?: Record<string, { serverRelativeURL: string }> }>('/openapi/v3');
  const url = index.paths?.[gv]?.serverRelativeURL;
  if (!url) throw new CliError(`error: couldn't find resource for "${r.group ? `${r.group}/` : ''}${r.version}, Kind=${r.kind}"`);
  const doc = await s.rest.json<Doc>(url);
  const schemas = doc.components?.schemas ?? {};
  const top = Object.values(schemas).find((sc) => sc['x-kubernetes-group-version-kind']?.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind));
  if (!top) throw new CliError(`error: couldn't find resource for "${r.kind}"`);
  const deref = (sc: Schema | undefined): Schema | undefined => {
    if (!sc) return undefined;
    const ref = sc.$ref ?? sc.allOf?.find((a) => a.$ref)?.$ref;
    return ref ? schemas[ref.replace('#/components/schemas/', '')] : sc;
  };
  const typeName = (sc: Schema | undefined): string => {
    if (!sc) return 'Object';
    const ref = sc.$ref ?? sc.allOf?.find((a) => a.$ref)?.$ref;
    if (ref) {
      const name = ref.split('.').pop() ?? 'Object';
      const target = schemas[ref.replace('#/components/schemas/', '')];
      if (target?.type && target.type !== 'object' && !target.properties) return target.type === 'string' && name === 'Time' ? 'string' : target.type;
      return name;
    }
    if (sc.type === 'array') return `[]${typeName(sc.items)}`;
    if (sc.type === 'object' && sc.additionalProperties && typeof sc.additionalProperties === 'object') return `map[string]${typeName(sc.additionalProperties)}`;
    if (sc.type === 'object') return 'Object';
    return sc.type ?? 'Object';
  };
  let header = r.group ? `GROUP:      ${r.group}\n` : '';
  header += `KIND:       ${r.kind}\nVERSION:    ${r.version}\n`;
  // walk the field path
  let cur: Schema = top;
  let field: { name: string; schema: Schema } | undefined;
  for (const name of fieldPath) {
    let holder = deref(cur) ?? cur;
    while (holder.type === 'array' && holder.items) holder = deref(holder.items) ?? holder.items;
    if (holder.type === 'object' && holder.additionalProperties && typeof holder.additionalProperties === 'object' && !holder.properties) holder = deref(holder.additionalProperties) ?? holder;
    const next = holder.properties?.[name];
    if (!next) {
      // kubectl prints the header before it finds the field missing
      io.stdout(`${header}\n`);
      throw new CliError(`error: field "${name}" does not exist`);
    }
    field = { name, schema: next };
    cur = next;
  }
  let out = `${header}\n`;
  let target = deref(cur) ?? cur;
  while (target.type === 'array' && target.items) target = deref(target.items) ?? target.items;
  let description: string;
  if (field) {
    out += `FIELD: ${field.name} <${typeName(field.schema)}>\n`;
    const en = field.schema.enum ?? (field.schema.type === 'array' ? field.schema.items?.enum : undefined);
    if (en?.length) out += `ENUM:\n${en.map((e) => `    ${String(e)}\n`).join('')}`;
    else out += '\n';
    out += '\n';
    description = [field.schema.description, target !== field.schema && target !== field.schema.items ? target.description : undefined].filter((d) => d).join('\n');
  } else description = top.description ?? '';
  out += `DESCRIPTION:\n${indent(wrap(description, 76), 4)}\n    \n`;
  if (target.properties && Object.keys(target.properties).length) {
    out += 'FIELDS:\n';
    if (o.recursive) {
      out += fieldTree(target, 2, new Set([target]), deref, typeName);
      io.stdout(out + '\n');
      return 0;
    }
    const required = new Set(target.required ?? []);
    for (const name of Object.keys(target.properties).sort()) {
      const f = target.properties[name];
      out += `  ${name}\t<${typeName(f)}>${required.has(name) ? ' -required-' : ''}\n`;
      if (f.enum?.length) out += `  enum: ${shortEnum(f.enum)}\n`;
      if (f.description) out += `${indent(wrap(f.description, 76), 4)}\n`;
      out += '\n';
    }
  }
  io.stdout(out + '\n');
  return 0;
}

/**
 * --recursive: every field's name and type, nested two spaces per level, with enums at the field's
 * own indent; a type already being expanded higher up (a cycle) is not expanded again.
 */
function fieldTree(sc: Schema, level: number, seen: Set<Schema>, deref: (s: Schema | undefined) => Schema | undefined, typeName: (s: Schema | undefined) => string): string {
  let out = '';
  const required = new Set(sc.required ?? []);
  const pad = ' '.repeat(level);
  for (const name of Object.keys(sc.properties ?? {}).sort()) {
    const f = (sc.properties ?? {})[name];
    out += `${pad}${name}\t<${typeName(f)}>${required.has(name) ? ' -required-' : ''}\n`;
    if (f.enum?.length) out += `${pad}enum: ${shortEnum(f.enum)}\n`;
    let inner = deref(f) ?? f;
    for (;;) {
      if (inner.type === 'array' && inner.items) inner = deref(inner.items) ?? inner.items;
      else if (inner.type === 'object' && !inner.properties && inner.additionalProperties && typeof inner.additionalProperties === 'object') inner = deref(inner.additionalProperties) ?? inner.additionalProperties;
      else break;
    }
    if (inner.properties && !seen.has(inner)) {
      seen.add(inner);
      out += fieldTree(inner, level + 2, seen, deref, typeName);
      seen.delete(inner);
    }
  }
  return out;
}

/** Field lists show at most four enum values, then "....". */
function shortEnum(values: unknown[]): string {
  const shown = values.slice(0, 4).map((v) => (v === '' ? '""' : String(v))).join(', ');
  return values.length > 4 ? `${shown}, ....` : shown;
}

/** go-wordwrap: greedy wrapping of each line at `limit` columns; long words stay whole. */
export function wrap(text: string, limit: number): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.split(' ');
      const lines: string[] = [];
      let cur = '';
      let started = false;
      for (const w of words) {
        if (!started) {
          cur = w;
          started = true;
        } else if (cur.length + 1 + w.length > limit && cur.length > 0) {
          lines.push(cur);
          cur = w;
        } else cur += ` ${w}`;
      }
      lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

function indent(text: string, n: number): string {
  return text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
}
