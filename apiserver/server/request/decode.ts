// Request body decoding by Content-Type: JSON, YAML and Kubernetes protobuf (the k8s\0 envelope).
// Every failure is a 400/415 Status naming what was wrong; nothing reaches storage undecoded. Nesting
// depth is bounded before parsing, YAML aliases are capped while converting (alias bombs), and numbers
// that overflow a float64 are refused.
import { parseDocument } from 'yaml';
import { ApiError, errors } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { mediaType } from '../../patch/index.js';
import { findByKind } from '../../registry/resources.js';
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
    throw errors.badRequest(`${versionKindError}${goJsonError(text, e as Error)}`);
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

const versionKindError = "couldn't get version/kind; json parse error: ";

/** encoding/json's wording where it is easy to tell (a body that is not JSON at all, e.g. YAML), else the parser's. */
function goJsonError(text: string, e: Error): string {
  const first = text.trimStart()[0];
  if (first !== undefined && !/[[{"\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  return e.message;
}

/** The body summary Kubernetes appends to an undecodable body (summarizeData: text if JSON-looking, else hex; 30 bytes). */
function summarize(buf: Buffer): string {
  if (buf.length === 0) return '<empty>';
  const head = buf.subarray(0, 30);
  const text = buf[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return buf.length > 30 ? `${text} ...` : text;
}

/**
 * decodeBody + expectObject for a create/update body, with Kubernetes' transformDecodeError wording:
 * a body that does not parse (YAML sent as JSON — Kubernetes' JSON decoder does not take YAML) is
 * "the object provided is unrecognized (must be of type K): … (summary)".
 */
export function decodeObject(contentType: string | undefined, body: unknown, protobuf: ProtobufDecoder | undefined, apiVersion: string, kind: string): Decoded {
  let decoded: Decoded;
  try {
    decoded = decodeBody(contentType, body, protobuf);
  } catch (e) {
    if (e instanceof ApiError && e.message.startsWith(versionKindError) && Buffer.isBuffer(body))
      throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${e.message} (${summarize(body)})`);
    throw e;
  }
  return { object: expectObject(decoded.object, apiVersion, kind), rawJson: decoded.rawJson };
}

/** Kubernetes' internal package of a group's types, as its conversion errors name them (core.Namespace, apps.Deployment). */
function internalPackage(group: string): string {
  return group === '' || group === 'events.k8s.io' ? 'core' : group.split('.')[0];
}

/** A decoded create/update body must be one object of the URL's kind. */
export function expectObject(v: unknown, apiVersion: string, kind: string): Obj {
  if (!isObj(v)) throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: expected an object`);
  if (v.kind !== undefined && v.kind !== kind) {
    // Kubernetes decodes the body's own kind, then fails to convert it to the URL's.
    const dataApiVersion = String(v.apiVersion ?? apiVersion);
    const dataVersion = dataApiVersion.split('/').pop() ?? '';
    const known = findByKind(dataApiVersion, String(v.kind));
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const why = known
      ? `converting (${dataVersion}.${String(v.kind)}) to (${internalPackage(group)}.${kind}): unknown conversion`
      : `no kind ${JSON.stringify(String(v.kind))} is registered for version ${JSON.stringify(dataApiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`;
    throw errors.badRequest(`${String(v.kind)} in version ${JSON.stringify(dataVersion)} cannot be handled as a ${kind}: ${why}`);
  }
  if (v.apiVersion !== undefined && v.apiVersion !== apiVersion) {
    throw errors.badRequest(`the API version in the data (${String(v.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (v.metadata !== undefined && !isObj(v.metadata)) throw errors.badRequest(`${kind} in version "${apiVersion}" cannot be handled as a ${kind}: metadata must be an object`);
  return v;
}
