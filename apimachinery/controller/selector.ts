// Label-selector matchers for controllers, built once per reconcile on top of the shared
// apimachinery/labels.ts (metav1.LabelSelector semantics: undefined matches nothing, {} everything;
// an invalid selector matches nothing).
import type { V1LabelSelector } from '@kubernetes/client-node';
import { SelectorError, fromLabelSelector, matches, selectorFromSet, selectorToString, type Selector } from '../labels.js';

export type Labels = Record<string, string> | undefined;
export type Matcher = (labels: Labels) => boolean;

function compile(build: () => Selector): Matcher {
  let sel: Selector;
  try {
    sel = build();
  } catch (e) {
    if (e instanceof SelectorError) return () => false;
    throw e;
  }
  return (labels) => matches(sel, labels);
}

/** A matcher for a metav1.LabelSelector (ReplicaSet / Deployment spec.selector). */
export function selectorMatcher(sel: V1LabelSelector | undefined): Matcher {
  return compile(() => fromLabelSelector(sel));
}

/** A matcher for a map selector (Service spec.selector): every pair must match; empty matches nothing. */
export function mapSelectorMatcher(sel: Record<string, string> | undefined): Matcher {
  if (!sel || Object.keys(sel).length === 0) return () => false;
  return compile(() => selectorFromSet(sel));
}

/** The selector as a `labelSelector=` query string. */
export function selectorString(sel: V1LabelSelector | undefined): string {
  try {
    return selectorToString(sel);
  } catch (e) {
    if (e instanceof SelectorError) return '';
    throw e;
  }
}
