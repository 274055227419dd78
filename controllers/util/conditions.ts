// Status-condition helpers for the apps/v1 condition shapes (type/status/reason/message + times).
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: Date;
  lastUpdateTime?: Date;
}

export function getCondition<C extends Condition>(conds: C[] | undefined, type: string): C | undefined {
  return conds?.find((c) => c.type === type);
}

/**
 * Sets a condition, keeping lastTransitionTime when status is unchanged (and, when reason and
 * message are also unchanged, keeping the whole condition so nothing churns).
 */
export function setCondition<C extends Condition>(conds: C[] | undefined, c: C): C[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  const prev = i >= 0 ? list[i] : undefined;
  if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message) return list;
  const next = prev && prev.status === c.status ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

export function removeCondition<C extends Condition>(conds: C[] | undefined, type: string): C[] {
  return (conds ?? []).filter((c) => c.type !== type);
}
