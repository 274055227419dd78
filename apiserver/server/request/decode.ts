// Request body decoding by Content-Type: JSON, YAML and Kubernetes protobuf (the k8s\0 envelope).
// Every failure is a 400/415 Status naming what was wrong; nothing reaches storage undecoded. Nesting
// depth is bounded before parsing, YAML aliases are capped while converting (alias bombs), and numbers
// that overflow a float64 are refused.
import { parseDocument } from 'yaml';
import { errors } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { mediaType } from '../../patch/index.js';
import { jsonTooDeep, maxNestingDepth, nonFiniteNumber, yamlTooDeep } from './depth.js';

export type ProtobufDecoder = (buf: Buffer) => { apiVersion: string; kind: string; object: Record<string, unknown> };

export { mediaType };

export interface Decoded {
  object: Obj;
  /** The JSON text when the body was JSON (for duplicate-field detection). */
  rawJson?: string;
}

export function decodeBody(contentType: string | undefined, body: unknown, protobuf?: ProtobufDecoder): Decoded {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
  const type = mediaType(contentType);
  if (buf.length === 0) throw errors.badRequest('the body of the request was empty');
  let value: unknown;
  let rawJson: string | undefined;
  if (type === 'application/vnd.kubernetes.protobuf') {
    if (!protobuf) throw errors.unsupportedMediaType(type);
    return { object: protobuf(buf).object as Obj };
  } else if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    const text = buf.toString('utf8');
    if (text.trimStart().startsWith('{')) {
      rawJson = text;
      value = parseJson(text);
    } else {
      value = parseYaml(text);
    }
  } else if (type === 'application/json' || type.endsWith('+json') || type === '') {
    rawJson = buf.toString('utf8');
    value = parseJson(rawJson);
  } else {
    throw errors.unsupportedMediaType(type);
  }
  const overflow = nonFiniteNumber(value);
  if (overflow !== undefined) throw errors.badRequest(`couldn't get version/kind; json parse error: the number at ${overflow} overflows a float64`);
  return { object: value as Obj, rawJson };
}

function parseJson(text: string): unknown {
  if (jsonTooDeep(text)) throw errors.badRequest(`couldn't get version/kind; json parse error: exceeded max depth of ${maxNestingDepth}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  if (yamlTooDeep(text)) throw errors.badRequest(`error converting YAML to JSON: yaml: exceeded max depth of ${maxNestingDepth}`);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw errors.badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message}`);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const aliasing = /alias/i.test((e as Error).message);
    throw errors.badRequest(`error converting YAML to JSON: yaml: ${aliasing ? 'document contains excessive aliasing' : (e as Error).message}`);
  }
}

/** A decoded create/update body must be one object of the URL's kind. */
export function expectObject(v: unknown, apiVersion: string, kind: string): Obj {
  if (!isObj(v)) throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: expected an object`);
  if (v.kind !== undefined && v.kind !== kind) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${String(v.kind)} in version "${String(v.apiVersion ?? '')}" cannot be handled as a ${kind}`);
  }
  if (v.apiVersion !== undefined && v.apiVersion !== apiVersion) {
    throw errors.badRequest(`the API version in the data (${String(v.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (v.metadata !== undefined && !isObj(v.metadata)) throw errors.badRequest(`${kind} in version "${apiVersion}" cannot be handled as a ${kind}: metadata must be an object`);
  return v;
}
