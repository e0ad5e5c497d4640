/**
 * `GET /api/v1/audit/verify` (auditors and administrators): recomputes the hash chain of the
 * append-only audit log from the first row and names the first row that does not match.
 */
export interface AuditVerifyResponse {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** Sequence number the chain head says was written last. */
  headSeq: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}
