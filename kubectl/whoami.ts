// `kubectl auth whoami [-o json|yaml]`: POSTs a SelfSubjectReview and prints the user the server
// authenticated, as kubectl's ATTRIBUTE/VALUE table (Username, UID, Groups, Extra: key) or the review.
import { CliError, type IO } from './cli-runtime/io.js';
import { toYaml } from './cli-runtime/output.js';
import type { Session } from './cli-runtime/session.js';
import { formatTable } from './tabwriter.js';

interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

interface Review {
  kind?: string;
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  status?: { userInfo?: UserInfo };
}

/** Go's %v of a string slice. */
const goSlice = (v: readonly string[]): string => `[${v.join(' ')}]`;

export function whoamiTable(u: UserInfo): string {
  const rows: string[][] = [['ATTRIBUTE', 'VALUE']];
  if (u.username) rows.push(['Username', u.username]);
  if (u.uid) rows.push(['UID', u.uid]);
  if (u.groups?.length) rows.push(['Groups', goSlice(u.groups)]);
  for (const k of Object.keys(u.extra ?? {}).sort()) rows.push([`Extra: ${k}`, goSlice(u.extra?.[k] ?? [])]);
  return formatTable(rows);
}

export async function whoami(s: Session, output: string | undefined, io: IO): Promise<number> {
  if (output !== undefined && output !== 'json' && output !== 'yaml') {
    throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} };
  const res = await s.rest.json<Review>('/apis/authentication.k8s.io/v1/selfsubjectreviews', { method: 'POST', body });
  if (output === undefined) {
    io.stdout(whoamiTable(res.status?.userInfo ?? {}));
    return 0;
  }
  // kubectl decodes the review into its Go type and prints that: an unset creationTimestamp is null
  const u = res.status?.userInfo ?? {};
  // Go struct field order for JSON (kind, apiVersion, metadata, status; username, uid, groups, extra)
  const userInfo = { username: u.username, uid: u.uid, groups: u.groups, extra: u.extra };
  const review = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null, ...res.metadata }, status: { userInfo } };
  io.stdout(output === 'json' ? JSON.stringify(review, null, 4) + '\n' : await toYaml(review));
  return 0;
}
