// Shared score normalisation (helper.DefaultNormalizeScore): scale to 0..max by the highest score,
// optionally reversed (fewer is better).
import { MAX_NODE_SCORE, type NodeScore } from './types.js';

export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, max = MAX_NODE_SCORE): void {
  let highest = 0;
  for (const s of scores) if (s.score > highest) highest = s.score;
  if (highest === 0) {
    if (reverse) for (const s of scores) s.score = max;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((max * s.score) / highest);
    if (reverse) v = max - v;
    s.score = v;
  }
}
