// Query parameters as Kubernetes' parameter codec reads them, shared by the API server and the kubelet.

/**
 * A boolean query parameter (Convert_Slice_string_To_bool): absent is false; otherwise the first value
 * decides, and only "0" and "false" (any case) are false — so the Python client's `watch=True`, `t` or
 * an empty `?watch` all mean true, and nothing is refused.
 */
export function queryBool(v: unknown): boolean {
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return false;
  const s = String(first);
  return s !== '0' && s.toLowerCase() !== 'false';
}
