// Explanations of scheduling attempts: the record, the ring store, the compact annotation form.
export type { Attempt, AttemptResult, NodeScores, NodeVerdict } from './types.js';
export { ExplainStore } from './store.js';
export { compact, compactString, EXPLAIN_ANNOTATION, type CompactExplanation } from './compact.js';
