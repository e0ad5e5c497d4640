/** HTTP contracts of the documents area (shared by api and web). */

export type DocumentStatus = 'generated' | 'signing' | 'signed' | 'superseded';
export type SignatureLevelName = 'simple' | 'advanced' | 'qualified' | 'seal';

export interface SignatureTaskInfo {
  id: string;
  order: number;
  level: SignatureLevelName;
  status: 'pending' | 'signed' | 'cancelled';
  /** Who is to sign, for display ("Ředitel", a person's name); null for the office seal. */
  signerLabel: string | null;
  signedBy: { id: string; displayName: string } | null;
  onBehalfOf: { id: string; displayName: string } | null;
  signedAt: string | null;
  /** The current user may sign this task now. */
  canSign: boolean;
}

export interface DocumentInfo {
  id: string;
  templateCode: string;
  title: string;
  fileName: string;
  version: number;
  status: DocumentStatus;
  size: number;
  sha256: string;
  createdAt: string;
  signedAt: string | null;
  signatures: SignatureTaskInfo[];
}

export interface DocumentListResponse {
  items: DocumentInfo[];
}

/** POST /api/v1/documents/:id/signatures/:taskId — re-authentication for the signature. */
export interface SignDocumentRequest {
  /** The signer's password (local accounts without TOTP). */
  password?: string;
  /** A TOTP code (accounts with the second factor). */
  otp?: string;
}

export interface SigningCertificateInfo {
  id: string;
  purpose: 'employee' | 'seal';
  source: 'issued' | 'uploaded';
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  status: 'active' | 'revoked';
  revokedAt: string | null;
  createdAt: string;
}

export interface MySigningCertificateResponse {
  certificate: SigningCertificateInfo | null;
  /** How the user confirms a signature: 'otp' when the second factor is on, else 'password'. */
  confirmation: 'password' | 'otp';
}

export interface SignatureValidationEntry {
  index: number;
  fieldName: string | null;
  level: string;
  signer: { commonName: string; subject: string; issuer: string; serialNumber: string; qualified: boolean } | null;
  name: string | null;
  reason: string | null;
  claimedSigningTime: string | null;
  timestamp: { time: string | null; valid: boolean; trusted: boolean; tsa: string | null } | null;
  revision: number;
  coversWholeDocument: boolean;
  coversRevision: boolean;
  digestValid: boolean;
  signatureValid: boolean;
  chainTrusted: boolean;
  /** Later revisions added only signatures, annotations or form fields. */
  laterChangesAllowed: boolean;
  /**
   * Revocation as the office PKI knows it (certificates it issued or holds): `unknown` for others
   * (CRL/OCSP of external CAs are not fetched). A certificate revoked before the signing time
   * (timestamp, else the claimed time) makes the signature invalid; revoked later, it stays valid.
   */
  revocation: { status: 'good' | 'revoked' | 'unknown'; revokedAt: string | null };
  valid: boolean;
  errors: string[];
}

export interface SignatureValidationResponse {
  valid: boolean;
  revisions: number;
  signatures: SignatureValidationEntry[];
}

/** A block of a document template; texts may contain placeholders such as {{data.title}}. */
export type TemplateBlock =
  /** `when`: a form field; the block is left out while that field is empty. */
  | { type: 'heading'; text: string; when?: string }
  | { type: 'paragraph'; text: string; when?: string }
  | { type: 'fields'; rows: Array<{ label: string; value: string }> }
  /** One row per item of the array field `field`; cell values like {{row.amount}}. */
  | { type: 'table'; field: string; columns: Array<{ header: string; value: string; width?: number; align?: 'left' | 'right' }> }
  | { type: 'spacer'; height: number }
  /** Boxes for the visible signatures (one per signer the agenda asks for). */
  | { type: 'signatures'; heading?: string };

export interface DocumentTemplateBody {
  /** Title of the document (placeholders allowed). */
  title: string;
  /** Department printed in the header under the office name. */
  department?: string;
  blocks: TemplateBlock[];
  /** File name without extension (placeholders allowed). */
  fileName?: string;
}

export interface DocumentTemplateInfo {
  agendaCode: string;
  code: string;
  name: { cs: string; en: string };
  /** 'database' once an administrator saved it; 'shipped' while the default applies. */
  origin: 'database' | 'shipped';
  version: number;
  updatedAt: string | null;
  body: DocumentTemplateBody;
}
