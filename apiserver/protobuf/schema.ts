// The descriptor model for Kubernetes protobuf messages: field number → JSON name and type.
// Tables are written as compact strings (see parseField) and checked once when the schema is built.
import type { TableSource } from './tables/source.js';

export type { TableSource };

export const SCALAR_TYPES = ['string', 'bytes', 'int32', 'int64', 'bool'] as const;
/**
 * Kubernetes types with a JSON form that differs from their protobuf message:
 * Time/MicroTime {1 seconds, 2 nanos} → RFC3339 string; Quantity {1 string} → string;
 * IntOrString {1 type, 2 intVal, 3 strVal} → number | string; RawExtension {1 raw} → embedded object;
 * FieldsV1 {1 raw JSON} → object; StringList {1 repeated string} → string[] (authn/authz ExtraValue).
 */
export const SPECIAL_TYPES = ['Time', 'MicroTime', 'Quantity', 'IntOrString', 'RawExtension', 'FieldsV1', 'StringList'] as const;

export type ScalarType = (typeof SCALAR_TYPES)[number];
export type SpecialType = (typeof SPECIAL_TYPES)[number];

export interface FieldSpec {
  /** JSON property name. */
  readonly json: string;
  /** Scalar, special or message type name (for maps: the value type). */
  readonly type: string;
  readonly repeated: boolean;
  /** map<string, type>: wire entries {1 key, 2 value}. */
  readonly map: boolean;
  /** A Go pointer: kept when present on the wire, even if zero/empty. */
  readonly pointer: boolean;
  /** An embedded Go struct (`json:",inline"`): its fields land in the parent object. */
  readonly inline: boolean;
}

export type MessageTable = ReadonlyMap<number, FieldSpec>;
export type Schema = ReadonlyMap<string, MessageTable>;


const FIELD_RE = /^([A-Za-z][A-Za-z0-9]*)(?::(?:map<([A-Za-z0-9]+)>|([A-Za-z0-9]+)))?(\[\])?([?^]*)$/;

/**
 * Parses `json[:type][[]][?][^]`:
 *   'name'                          string
 *   'command:string[]'              repeated
 *   'replicas:int32?'               pointer (kept when present)
 *   'labels:map<string>'            map<string,string>; also map<bytes>, map<Quantity>, map<StringList>
 *   'volumeSource:VolumeSource^'    inline embedded struct
 */
export function parseField(spec: string): FieldSpec {
  const m = FIELD_RE.exec(spec);
  if (!m) throw new Error(`bad field spec ${JSON.stringify(spec)}`);
  const [, json, mapValue, type, rep, flags] = m;
  if (mapValue && rep) throw new Error(`field spec ${JSON.stringify(spec)}: a map cannot be repeated`);
  return {
    json: json!,
    type: mapValue ?? type ?? 'string',
    repeated: rep === '[]',
    map: mapValue !== undefined,
    pointer: flags!.includes('?'),
    inline: flags!.includes('^'),
  };
}

export function isScalar(type: string): type is ScalarType {
  return (SCALAR_TYPES as readonly string[]).includes(type);
}

export function isSpecial(type: string): type is SpecialType {
  return (SPECIAL_TYPES as readonly string[]).includes(type);
}

/** Merges table sources into a schema; throws on duplicate messages or dangling type references. */
export function buildSchema(...sources: TableSource[]): Schema {
  const schema = new Map<string, Map<number, FieldSpec>>();
  for (const source of sources) {
    for (const [name, fields] of Object.entries(source)) {
      if (schema.has(name)) throw new Error(`message ${name} defined twice`);
      const table = new Map<number, FieldSpec>();
      for (const [num, spec] of Object.entries(fields)) {
        const n = Number(num);
        if (!Number.isInteger(n) || n < 1) throw new Error(`message ${name}: bad field number ${num}`);
        table.set(n, parseField(spec));
      }
      schema.set(name, table);
    }
  }
  for (const [name, table] of schema) {
    for (const [num, f] of table) {
      if (!isScalar(f.type) && !isSpecial(f.type) && !schema.has(f.type)) {
        throw new Error(`message ${name} field ${num} (${f.json}) refers to unknown type ${f.type}`);
      }
      if (f.inline && (f.repeated || f.map || !schema.has(f.type))) {
        throw new Error(`message ${name} field ${num} (${f.json}): only a singular message can be inline`);
      }
      if (f.map && f.type !== 'string' && f.type !== 'bytes' && f.type !== 'Quantity' && f.type !== 'StringList') {
        throw new Error(`message ${name} field ${num} (${f.json}): unsupported map value type ${f.type}`);
      }
    }
  }
  return schema;
}
