// One DNS message in, one out: decode, answer from the index or forward, encode; FORMERR for
// malformed queries, SERVFAIL when no upstream answers, TC when a UDP answer would not fit.
import * as packet from 'dns-packet';
import type { DecodedPacket, OptAnswer, Packet } from 'dns-packet';
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
  const resp: Packet = { type: 'response', id, flags, questions: [question], answers: r.answers, additionals: r.additionals, authorities: r.authorities };
  const out = packet.encode(resp);
  if (tcp || out.length <= udpLimit(q)) return out;
  return packet.encode({ type: 'response', id, flags: flags | TC, questions: [question] });
}
