// Assembles the pluggable engines the handlers use from their folders: patch and apply,
// Table printers, field selectors, schema checks, protobuf decoding, OpenAPI documents.
import type { FieldError } from '../../apimachinery/errors.js';
import { fieldMatcher, parseFieldSelector } from '../../apimachinery/fields.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { Engines } from '../handlers/context.js';
import { applyPatch, serverSideApply, managedFieldsAfterUpdate } from '../patch/index.js';
import { toTable } from '../printers/index.js';
import { decodeProtobufBody } from '../protobuf/index.js';
import { OpenApiDocuments, SwaggerServer, swaggerDocument } from '../openapi/index.js';
import { expectObject } from './request/decode.js';
import { SchemaValidator, duplicateFields, validateObjectMeta } from '../validation/index.js';
import type { DefinitionsFile } from '../openapi/index.js';
import { type ResourceInfo, fieldLabelsFor, groupVersion, moduleFor, printerFor } from '../registry/resources.js';
import type { OpenAPIServer } from './app.js';

export async function buildEngines(validator: SchemaValidator): Promise<Engines> {
  return {
    // The patched document must still decode as the kind (as Kubernetes decodes it after patching):
    // `{"metadata":"x"}` is a 400, not a patch the registry silently repairs.
    patch: (contentType, live, body, gvk) => expectObject(applyPatch(contentType, live, body, gvk), gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind),
    apply: (args) => serverSideApply(args).object as Obj,
    managedFields: (info, live, updated, manager, now, subresource) => {
      const gvk = { group: info.group, version: info.version, kind: info.kind };
      // Computed on `updated` itself (no copy): it is the object about to be stored.
      const managed = managedFieldsAfterUpdate({ live, updated, manager, apiVersion: groupVersion(info), gvk, now, subresource });
      (updated.metadata as Obj).managedFields = managed.length ? managed : undefined;
    },
    toTable: (info, items, opts) => toTable(info, items, opts, printerFor(info)) as unknown as Obj,
    fieldFilter: (info, selector) => fieldMatcher(fieldLabelsFor(info), parseFieldSelector(selector)),
    unknownFields: (gvk, o) => validator.unknownFields(gvk, o),
    duplicateFields: (raw) => duplicateFields(raw),
    protobuf: (buf) => decodeProtobufBody(buf),
  };
}

export function schemaValidator(validator: SchemaValidator): (info: ResourceInfo, o: Obj) => FieldError[] {
  return (info, o) => [
    ...validateObjectMeta((o.metadata ?? {}) as Obj, { namespaced: info.namespaced, nameKind: moduleFor(info).nameKind ?? 'subdomain' }),
    ...validator.validateSchema({ group: info.group, version: info.version, kind: info.kind }, o),
  ];
}

export function buildOpenAPI(defs: DefinitionsFile): OpenAPIServer {
  const docs = new OpenApiDocuments(defs);
  const swagger = new SwaggerServer(() => swaggerDocument(defs));
  return { index: () => docs.index(), document: (path) => docs.get(path)?.json, v2: () => swagger.get() };
}
