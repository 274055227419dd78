// OpenAPI v3 (and v2, from the same schemas) for the API server: component schemas generated at build
// time from npm packages (generate.ts, not exported here: it needs devDependencies), their loader, and
// the served documents.
export { loadDefinitions, parseDefinitions, type LoadOptions } from './definitions.js';
export {
  OpenApiDocuments,
  openapiDocument,
  openapiIndex,
  documentKeys,
  documentHash,
  gvKey,
  schemaLookup,
  collectRefs,
  type OpenApiDocument,
  type OpenApiIndex,
  type ServedDocument,
  type DocumentOptions,
} from './documents.js';
export type { Operation, PathItem, Parameter } from './operations.js';
export { findProjectRoot, definitionsPath } from './paths.js';
export {
  findDefinitionName,
  gvkEquals,
  refName,
  refPrefix,
  type DefinitionsFile,
  type GroupVersionKind,
  type Schema,
} from './types.js';
export { swaggerDocument, toV2Schema, type SwaggerDocument, type SchemaV2 } from './v2.js';
export { encodeSwagger, openapiV2ProtobufType, SwaggerServer } from './v2-proto.js';
