// Label-selector matching for the scheduler, over the shared apimachinery/labels.ts:
// metav1.LabelSelector semantics — an empty selector matches everything, an absent one nothing;
// an invalid one (rejected by API validation anyway) matches nothing.
import type { V1LabelSelector } from '@kubernetes/client-node';
import { fromLabelSelector as compile, isEmpty, matches, type LabelSelector } from '../../apimachinery/labels.js';

export type Labels = Readonly<Record<string, string>>;

export interface Selector {
  matches(labels: Labels | undefined): boolean;
  readonly empty: boolean;
}

const nothing: Selector = { matches: () => false, empty: false };

/** A matcher for a LabelSelector; `undefined`/`null` selects nothing, `{}` selects everything. */
export function fromLabelSelector(sel: V1LabelSelector | undefined | null): Selector {
  if (!sel) return nothing;
  try {
    const s = compile(sel as LabelSelector);
    return { matches: (l) => matches(s, l), empty: isEmpty(s) };
  } catch {
    return nothing;
  }
}

/** Every key/value of `want` is in `labels` (nodeSelector semantics). */
export function matchesMap(want: Labels | undefined, labels: Labels | undefined): boolean {
  if (!want) return true;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(want)) if (l[k] !== v) return false;
  return true;
}
