// One DNS message in, one out: decode, answer from the index or forward, encode; FORMERR for
// malformed queries, SERVFAIL when no upstream answers, TC when a UDP answer would not fit;
// an ExternalName's CNAME comes with its target's addresses.
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket, OptAnswer, Packet, Question } from 'dns-packet';
import type { DnsIndex } from './records.js';
import { resolve } from './resolver.js';

export interface HandlerDeps {
  index(): DnsIndex;
  /** Raw query → raw upstream reply, undefined if none answered. */
  forward(msg: Buffer, tcp: boolean): Promise<Buffer | undefined>;
}

const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 } as const;
const QR_AA = packet.AUTHORITATIVE_ANSWER;
const RA = packet.RECURSION_AVAILABLE;
const RD = packet.RECURSION_DESIRED;
const TC = packet.TRUNCATED_RESPONSE;

function errorReply(id: number, rcode: number, q?: DecodedPacket): Buffer {
  const p: Packet = { type: 'response', id, flags: RA | ((q?.flags ?? 0) & RD) | rcode, questions: q?.questions ?? [] };
  return packet.encode(p);
}

/** The UDP payload size the client can take (EDNS0), at least 512. */
function udpLimit(q: DecodedPacket): number {
  const opt = (q.additionals ?? []).find((a): a is OptAnswer => a.type === 'OPT');
  return Math.max(512, Math.min(opt?.udpPayloadSize ?? 512, 4096));
}

let chaseId = 1;

/**
 * An ExternalName's CNAME answered for an address query: its target's records too, as CoreDNS
 * does (stub resolvers such as glibc's do not follow a CNAME themselves). Targets inside the
 * zone are answered from the index, others are asked upstream; nothing more if that fails.
 */
async function chase(question: Question, answers: Answer[], tcp: boolean, deps: HandlerDeps, depth = 0): Promise<Answer[]> {
  const last = answers.at(-1);
  if (!last || last.type !== 'CNAME' || depth >= 8 || (question.type !== 'A' && question.type !== 'AAAA')) return [];
  const q: Question = { name: last.data, type: question.type };
  const local = resolve(deps.index(), q);
  if (local.kind === 'answer') return [...local.answers, ...(await chase(question, local.answers, tcp, deps, depth + 1))];
  chaseId = (chaseId + 1) & 0xffff;
  const reply = await deps.forward(packet.encode({ type: 'query', id: chaseId, flags: RD, questions: [q] }), tcp);
  if (!reply) return [];
  try {
    return packet.decode(reply).answers ?? [];
  } catch {
    return [];
  }
}

export async function handleMessage(msg: Buffer, tcp: boolean, deps: HandlerDeps): Promise<Buffer | undefined> {
  let q: DecodedPacket;
  try {
    q = packet.decode(msg);
  } catch {
    return msg.length >= 2 ? errorReply(msg.readUInt16BE(0), Rcode.FORMERR) : undefined;
  }
  if (q.type === 'response') return undefined;
  const id = q.id ?? 0;
  const question = q.questions?.[0];
  if (!question || (q.questions?.length ?? 0) !== 1) return errorReply(id, Rcode.FORMERR, q);

  const r = resolve(deps.index(), question);
  if (r.kind === 'forward') {
    const reply = await deps.forward(msg, tcp);
    return reply ?? errorReply(id, Rcode.SERVFAIL, q);
  }
  const flags = QR_AA | RA | ((q.flags ?? 0) & RD) | Rcode[r.rcode];
  const answers = [...r.answers, ...(await chase(question, r.answers, tcp, deps))];
  const resp: Packet = { type: 'response', id, flags, questions: [question], answers, additionals: r.additionals, authorities: answers.length ? [] : r.authorities };
  const out = packet.encode(resp);
  if (tcp || out.length <= udpLimit(q)) return out;
  return packet.encode({ type: 'response', id, flags: flags | TC, questions: [question] });
}
