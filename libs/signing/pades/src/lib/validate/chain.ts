import { X509Certificate } from 'node:crypto';

export interface ChainResult {
  trusted: boolean;
  /** Subjects from the signer up to the trust anchor. */
  path: string[];
  errors: string[];
}

function validAt(cert: X509Certificate, t: Date): boolean {
  return new Date(cert.validFrom) <= t && t <= new Date(cert.validTo);
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * Builds a path from `leaf` through `pool` (certificates from the CMS and configured intermediates)
 * to one of `anchors`, checking signatures, CA flags and validity at `at`. Revocation is not checked.
 */
export function buildChain(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): ChainResult {
  const errors: string[] = [];
  const path: string[] = [leaf.subject.replace(/\n/g, ', ')];
  if (!validAt(leaf, at)) errors.push(`signer certificate not valid at ${at.toISOString()}`);
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return { trusted: errors.length === 0, path, errors };
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      path.push(anchor.subject.replace(/\n/g, ', '));
      if (!validAt(anchor, at)) errors.push(`trust anchor not valid at ${at.toISOString()}`);
      return { trusted: errors.length === 0, path, errors };
    }
    const parent = pool.find((c) => c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!parent) {
      errors.push(`issuer of "${current.subject.replace(/\n/g, ', ')}" not found or not trusted`);
      return { trusted: false, path, errors };
    }
    if (!parent.ca) errors.push(`"${parent.subject.replace(/\n/g, ', ')}" is not a CA certificate`);
    if (!validAt(parent, at)) errors.push(`intermediate "${parent.subject.replace(/\n/g, ', ')}" not valid at ${at.toISOString()}`);
    path.push(parent.subject.replace(/\n/g, ', '));
    current = parent;
  }
  errors.push('certificate path too long');
  return { trusted: false, path, errors };
}
