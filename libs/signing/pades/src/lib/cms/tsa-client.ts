import { createHash, randomBytes } from 'node:crypto';
import { bool, children, content, integer, octetString, readTlv, seq, whole } from './der';
import { DIGEST_OID, DigestAlgorithm } from './oids';
import { algorithmIdentifier } from './signed-data';
import { parseTimeStampToken } from './timestamp-token';

export interface TimestampOptions {
  url: string;
  digestAlgorithm?: DigestAlgorithm;
  /** Extra HTTP headers (e.g. Authorization for a commercial TSA). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Optional TSA policy OID to request. */
  policy?: string;
}

/** Builds an RFC 3161 TimeStampReq for `data` (hashed here). */
export function buildTimeStampRequest(data: Buffer, digest: DigestAlgorithm, nonce: Buffer): Buffer {
  const imprint = seq(algorithmIdentifier(DIGEST_OID[digest], true), octetString(createHash(digest).update(data).digest()));
  return seq(integer(1), imprint, integer(nonce), bool(true));
}

/**
 * Requests a timestamp token over `data` from an RFC 3161 TSA (HTTP POST, application/timestamp-query)
 * and returns the TimeStampToken (a CMS ContentInfo) after checking status, imprint and nonce.
 */
export async function requestTimestampToken(data: Buffer, o: TimestampOptions): Promise<Buffer> {
  const digest = o.digestAlgorithm ?? 'sha256';
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const req = buildTimeStampRequest(data, digest, nonce);
  const res = await fetch(o.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query', ...(o.headers ?? {}) },
    body: new Uint8Array(req),
    signal: AbortSignal.timeout(o.timeoutMs ?? 15000),
  });
  if (!res.ok) throw new Error(`TSA ${o.url} answered HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const resp = readTlv(body, 0);
  const [statusInfo, token] = children(body, resp);
  const [status] = children(body, statusInfo);
  const statusValue = content(body, status).readUIntBE(0, content(body, status).length);
  if (statusValue > 1 || !token) throw new Error(`TSA refused the request (status ${statusValue})`);
  const tokenDer = Buffer.from(whole(body, token));
  const info = parseTimeStampToken(tokenDer);
  const expected = createHash(digest).update(data).digest();
  if (!info.messageImprint.equals(expected)) throw new Error('TSA token imprint does not match the request');
  if (info.nonce && !info.nonce.equals(integer(nonce).subarray(2))) throw new Error('TSA token nonce mismatch');
  return tokenDer;
}
