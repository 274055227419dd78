// Syntax checks the networking.k8s.io kinds share, with apimachinery's messages: port names and
// numbers (IsValidPortName / IsValidPortNum), wildcard DNS subdomains, domain-prefixed paths
// (IngressClass controllers) and CIDRs with the strict-subset rule of NetworkPolicy ipBlocks.
import { isIP } from 'node:net';
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { isDNS1123Subdomain, maxLenError } from '../../../apimachinery/validation.js';

export function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function portNumErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

const dns1123SubdomainFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const wildcardFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardRe = new RegExp(`^${wildcardFmt}$`);

export function wildcardSubdomainErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!wildcardRe.test(v))
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character " +
        `(e.g. '*.example.com', regex used for validation is '${wildcardFmt}')`,
    );
  return errs;
}

/** A host: wildcard rules when it holds '*', DNS-1123 subdomain rules otherwise. */
export function hostErrors(host: string): string[] {
  return host.includes('*') ? wildcardSubdomainErrors(host) : isDNS1123Subdomain(host);
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/** IsDomainPrefixedPath: "acme.io/foo". */
export function domainPrefixedPathErrors(field: string, v: string): FieldError[] {
  if (v.length === 0) return [fe.required(field)];
  const slash = v.indexOf('/');
  if (slash <= 0 || slash === v.length - 1) return [fe.invalid(field, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = v.slice(0, slash);
  const path = v.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => fe.invalid(field, host, m));
  if (!httpPathRe.test(path)) errs.push(fe.invalid(field, path, `Invalid path (regex used for validation is '${httpPathFmt}')`));
  return errs;
}

export interface Cidr {
  bits: number; // 32 or 128
  ip: bigint;
  prefix: number;
}

function ipv4Value(s: string): bigint {
  return s.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6Value(s: string): bigint {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail becomes two hex groups.
    const v4 = ipv4Value(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const split = text.split('::');
  const head = split[0] ? split[0].split(':') : [];
  const tail = split.length > 1 && split[1] ? split[1].split(':') : [];
  const zeros = split.length > 1 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<string>(zeros).fill('0'), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** net.ParseCIDR: the network's address, prefix length and family width; undefined when not a CIDR. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ipText = s.slice(0, slash);
  const prefixText = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const family = isIP(ipText);
  if (family === 0 || ipText.includes('%')) return undefined;
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const value = family === 4 ? ipv4Value(ipText) : ipv6Value(ipText);
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { bits, ip: value & mask, prefix };
}

/** Whether `inner` is a strict subset of `outer` (same family, longer prefix, inside). */
export function strictSubset(outer: Cidr, inner: Cidr): boolean {
  if (outer.bits !== inner.bits || inner.prefix <= outer.prefix) return false;
  const shift = BigInt(outer.bits - outer.prefix);
  return inner.ip >> shift === outer.ip >> shift;
}
