import type { AreaError } from './area-error';

/**
 * Stable error codes of the documents area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const DOCUMENTS_ERRORS = {
  /** The signer has no active signing certificate: request one on the Documents page first. */
  SIGNING_CERTIFICATE_MISSING: { status: 409, title: 'You have no active signing certificate' },
  /** An active certificate exists already: revoke it before requesting or uploading another. */
  CERTIFICATE_EXISTS: { status: 409, title: 'You already have an active signing certificate' },
  CERTIFICATE_EXPIRED: { status: 422, title: 'The certificate has expired' },
  /** The uploaded file is not a PKCS#12 or the password does not open it. */
  PKCS12_INVALID: { status: 422, title: 'The PKCS#12 file cannot be opened with that password' },
  /** Earlier signers in the order have not signed yet, or this signature is not yours. */
  SIGNATURE_NOT_YOUR_TURN: { status: 409, title: 'It is not your turn to sign this document' },
  /** The re-entered password or the one-time code is wrong. */
  SIGNATURE_CONFIRMATION_FAILED: { status: 403, title: 'The password or one-time code is not correct' },
  /** The upload is not a readable PDF. */
  PDF_INVALID: { status: 422, title: 'The file is not a readable PDF' },
  /** The timestamp authority or the seal token did not answer; try again later. */
  SIGNING_SERVICE_UNAVAILABLE: { status: 503, title: 'The timestamp authority or the seal is unavailable' },
  /** An uploaded signed PDF (qualified signature made elsewhere) is not this document plus one valid signature of the signer. */
  QUALIFIED_SIGNATURE_INVALID: { status: 422, title: 'The uploaded PDF is not this document with your valid signature added' },
  /** A qualified signature is made outside Agendy: upload the signed PDF instead. */
  QUALIFIED_SIGNATURE_REQUIRED: { status: 409, title: 'This signature must be a qualified one made outside Agendy' },
  /** The template does not have the expected structure. */
  TEMPLATE_INVALID: { status: 422, title: 'The document template is not valid' },
} as const satisfies Record<string, AreaError>;
