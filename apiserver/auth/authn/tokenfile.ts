// Static bearer tokens (--token-auth-file): a CSV file of `token,user,uid,"group1,group2"` lines,
// as kube-apiserver reads it. Unknown tokens are not ours (the bearer layer answers 401).
import { timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../types.js';
import type { TokenAuthenticator } from './bearer.js';

/** One CSV record: commas separate fields, double quotes group (and "" escapes a quote). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** Parses the file's text; throws on a malformed line (the server refuses to start, as Kubernetes). */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = parseCsvLine(line);
    if (f.length < 3 || f[0] === '' || f[1] === '') throw new Error(`token file line ${i + 1}: want at least 3 columns (token,user,uid), got ${f.length}`);
    const groups = f.length > 3 ? f[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
    const user: UserInfo = { name: f[1], groups };
    if (f[2] !== '') user.uid = f[2];
    if (users.has(f[0])) throw new Error(`token file line ${i + 1}: duplicate token`);
    users.set(f[0], user);
  });
  return users;
}

export function staticTokenAuthenticator(users: Map<string, UserInfo>): TokenAuthenticator {
  const entries = [...users.entries()].map(([t, u]) => ({ token: Buffer.from(t), user: u }));
  return {
    async authenticateToken(token) {
      const b = Buffer.from(token);
      // Compare against every entry in constant time per entry: no early exit on a prefix.
      let found: UserInfo | undefined;
      for (const e of entries) if (e.token.length === b.length && timingSafeEqual(e.token, b)) found = e.user;
      return found ? { ...found, groups: [...found.groups] } : undefined;
    },
  };
}
