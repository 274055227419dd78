// Canonical JSON for semantic equality of API objects: apimachinery's canonicalJSON, dropping
// undefined, null, empty objects and empty arrays (Kubernetes' semantic equality treats nil and
// empty alike). Dates serialise as ISO strings.
import { canonicalJSON as canonical } from '../../apimachinery/objects.js';

export function canonicalJSON(v: unknown): string {
  return canonical(v, { dropEmpty: true });
}
