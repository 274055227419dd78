// The seam for CEL: admission policies and webhook match conditions carry CEL expressions, which
// Kubernetes compiles at write time and reports as field errors. Compiling them is issue 14's; until
// then every non-empty expression is accepted (a compiler will plug in here, keyed by the
// expression's role, returning the same FieldError shapes).
import type { FieldError } from '../../../apimachinery/errors.js';

export type ExpressionRole = 'matchCondition' | 'validation' | 'messageExpression' | 'auditAnnotation' | 'variable';

/** Field errors for `expression` in `role` at `path`; none until a CEL compiler exists. */
export function checkExpression(_role: ExpressionRole, _expression: string, _path: string): FieldError[] {
  return [];
}
