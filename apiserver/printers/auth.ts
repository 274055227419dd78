// Printers for the security kinds: rbac.authorization.k8s.io Roles/ClusterRoles and their bindings,
// certificates.k8s.io CertificateSigningRequests and scheduling.k8s.io PriorityClasses, with the
// columns kubectl 1.32 shows against a real cluster (pkg/printers/internalversion).

import { humanDuration } from '../../apimachinery/duration.js';
import { age, ageColumn, ageDescription, column, meta, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface BindingShape {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

interface CSRShape {
  spec?: { signerName?: string; username?: string; expirationSeconds?: number | null };
  status?: { conditions?: { type?: string }[]; certificate?: string };
}

interface PriorityClassShape {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/** RFC3339 in UTC without fractional seconds, as Go's time.RFC3339. */
function createdAt(obj: object): string {
  const ts = meta(obj).creationTimestamp;
  if (!ts) return '0001-01-01T00:00:00Z';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '0001-01-01T00:00:00Z' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const rolePrinter: Printer = {
  columns: [nameColumn, column('Created At', ageDescription, { type: 'date' })],
  print: (obj: object): PrintedRow => ({ cells: [nameOf(obj), createdAt(obj)] }),
};

/** Users, groups and "namespace/name" ServiceAccounts of a binding's subjects. */
export function bindingSubjects(b: BindingShape): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of b.subjects ?? []) {
    if (s.kind === 'User') out.users.push(s.name ?? '');
    else if (s.kind === 'Group') out.groups.push(s.name ?? '');
    else if (s.kind === 'ServiceAccount') out.serviceAccounts.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
  }
  return out;
}

/** The RoleBinding / ClusterRoleBinding columns: they differ only in what the role ref may name. */
function bindingColumns(kind: 'roleBinding' | 'clusterRoleBinding', roleRef: string): Printer['columns'] {
  return [
    nameColumn,
    column('Role', `${roleRef} If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.`),
    ageColumn,
    column('Users', `Users in the ${kind}`, { priority: 1 }),
    column('Groups', `Groups in the ${kind}`, { priority: 1 }),
    column('ServiceAccounts', `ServiceAccounts in the ${kind}`, { priority: 1 }),
  ];
}

export const roleBindingPrinter: Printer = {
  columns: bindingColumns('roleBinding', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const b = obj as BindingShape;
    const s = bindingSubjects(b);
    return {
      cells: [nameOf(obj), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(obj, ctx), s.users.join(', '), s.groups.join(', '), s.serviceAccounts.join(', ')],
    };
  },
};

export const clusterRoleBindingPrinter: Printer = {
  columns: bindingColumns('clusterRoleBinding', 'RoleRef can only reference a ClusterRole in the global namespace.'),
  print: roleBindingPrinter.print,
};

/** The CONDITION cell: Denied beats Approved beats Pending, then ",Failed" and ",Issued". */
export function csrCondition(csr: CSRShape): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (csr.status?.certificate) s += ',Issued';
  return s;
}

export const csrPrinter: Printer = {
  columns: [
    nameColumn,
    ageColumn,
    column('SignerName', 'signerName indicates the requested signer, and is a qualified name.'),
    column('Requestor', 'username contains the name of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.'),
    column('RequestedDuration', 'expirationSeconds is the requested duration of validity of the issued certificate.'),
    column('Condition', 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".'),
  ],
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const csr = obj as CSRShape;
    const secs = csr.spec?.expirationSeconds;
    return {
      cells: [
        nameOf(obj),
        age(obj, ctx),
        csr.spec?.signerName || '<none>',
        csr.spec?.username ?? '',
        typeof secs === 'number' ? humanDuration(secs * 1000) : '<none>',
        csrCondition(csr),
      ],
    };
  },
};

export const priorityClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Value', 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.', { type: 'integer' }),
    column('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.', { type: 'boolean' }),
    ageColumn,
    column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'),
  ],
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const pc = obj as PriorityClassShape;
    return { cells: [nameOf(obj), pc.value ?? 0, pc.globalDefault ?? false, age(obj, ctx), pc.preemptionPolicy ?? ''] };
  },
};
