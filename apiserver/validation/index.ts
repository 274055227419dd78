// Validation of API objects before they are stored: whole-object schema checks against the generated
// OpenAPI definitions, server-side field validation (unknown / duplicate fields), and the name and
// ObjectMeta syntax rules Kubernetes applies.
export { SchemaValidator, stripNulls, quantityRegex } from './schema.js';
export { loadCompiledValidators, type CompiledValidators } from './compiled.js';
export {
  unknownFieldsIn,
  duplicateFields,
  strictDecodingMessage,
  strictDecodingError,
  fieldValidationWarnings,
  parseFieldValidation,
  type FieldValidation,
} from './unknown-fields.js';
export {
  validateObjectMeta,
  validateName,
  validateLabels,
  validateAnnotations,
  validateFinalizers,
  validateOwnerReferences,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  isValidPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
  maxLenError,
  totalAnnotationSizeLimitB,
  type NameKind,
  type ObjectMetaInput,
  type ObjectMetaOptions,
} from '../../apimachinery/validation.js';
export { fieldPathOf, deref, preservesUnknown } from './schema-walk.js';
