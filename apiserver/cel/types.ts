// The CEL surface the API server uses (issue 14): CRD x-kubernetes-validations, webhook
// matchConditions and ValidatingAdmissionPolicy expressions. One environment per use, declaring its
// variables (typed by an OpenAPI schema where Kubernetes types them, `dyn` otherwise); compile errors
// and runtime errors are values, never exceptions.

/** A variable an expression may name: `self`, `oldSelf`, `object`, `request`, `params`, `variables`… */
export interface VariableDecl {
  name: string;
  /** OpenAPI v3 schema typing the variable (field access is checked at compile time); dyn when absent. */
  schema?: Record<string, unknown>;
}

export interface CompileOptions {
  /** The type the expression must have: Kubernetes refuses e.g. a non-bool validation rule. */
  returns?: 'bool' | 'string' | 'any';
}

export interface EvalResult {
  value?: unknown;
  /** Runtime error, including "operation cancelled: actual cost limit exceeded". */
  error?: string;
  /** Cost units spent, in Kubernetes' cost model. */
  cost: number;
}

export interface CelProgram {
  /** Worst-case cost estimated at compile time (Kubernetes' static estimate). */
  readonly estimatedCost: number;
  /** Evaluates with the declared variables bound; stops with an error when `costLimit` is spent. */
  evaluate(vars: Record<string, unknown>, costLimit?: number): EvalResult;
}

export type CompileResult = { program: CelProgram; error?: undefined } | { program?: undefined; error: string };

export interface CelEnvironment {
  /** Parses and type-checks; `error` worded as Kubernetes reports it ("compilation failed: ERROR: <input>:1:6: …"). */
  compile(expression: string, opts?: CompileOptions): CompileResult;
}
