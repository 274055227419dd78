// The seams between the three parts of custom resource serving (issue 14), so each is built and
// tested on its own:
//   ./schema  — a CRD version's structural schema: validation, pruning, defaulting, published OpenAPI;
//   ../cel    — x-kubernetes-validations rules, compiled at CRD write and evaluated at CR write;
//   ./serve   — the live catalogue of custom resources (establishing, discovery, OpenAPI, routes),
//               which builds a resource module per CRD version from the two above.
import type { FieldError } from '../../apimachinery/errors.js';
import type { Obj } from '../../apimachinery/objects.js';

/** One CRD version's structural schema (spec.versions[].schema.openAPIV3Schema), compiled once per CRD generation. */
export interface VersionSchema {
  /**
   * Field errors of a custom resource against the schema, paths as Kubernetes names them
   * (`spec.replicas`, `spec.ports[0].name`): types, formats, enum, pattern, bounds, required,
   * nullable, int-or-string, embedded resources, list-type set/map uniqueness.
   */
  validate(o: Obj): FieldError[];
  /**
   * Removes in place the fields the schema does not declare (everything under
   * x-kubernetes-preserve-unknown-fields is kept; metadata is pruned to ObjectMeta, apiVersion and
   * kind kept). Returns the removed fields' paths as Kubernetes reports them for fieldValidation
   * Strict/Warn (`.spec.foo`).
   */
  prune(o: Obj): string[];
  /** Applies the schema's `default`s in place, as on a write and when an object is read from storage. */
  applyDefaults(o: Obj): void;
  /** The schema published at /openapi/v3 (components.schemas entry of the kind, without the list). */
  openAPIV3(): Obj;
  /** The schema published at /openapi/v2 (Kubernetes drops what v2 cannot say: nullable, oneOf…). */
  openAPIV2(): Obj;
}

/** A CRD version's x-kubernetes-validations, compiled. */
export interface VersionRules {
  /**
   * Errors of the rules for `o`; on update `old` is the stored object and transition rules
   * (those naming `oldSelf`) run where an old value correlates. Messages, reasons and field paths
   * as Kubernetes reports them; runtime cost over the limit is an error, not a crash.
   */
  validate(o: Obj, old: Obj | undefined): FieldError[];
}
