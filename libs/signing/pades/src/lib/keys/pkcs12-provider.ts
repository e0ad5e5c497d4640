import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as forge from 'node-forge';
import { KeyObjectProvider } from './key-provider';

/**
 * Opens a PKCS#12 (.p12/.pfx) with forge (parsing only) and hands the key to node:crypto.
 * The signer certificate is the one whose public key matches the private key; the rest of the
 * bag's certificates follow as the chain.
 */
export function pkcs12Provider(p12: Buffer | Uint8Array, password: string): KeyObjectProvider {
  const { key, chain } = readPkcs12(p12, password);
  return new KeyObjectProvider(key, chain);
}

/** The private key and the certificate chain (signer first) of a PKCS#12. */
export function readPkcs12(p12: Buffer | Uint8Array, password: string): { key: KeyObject; chain: Buffer[] } {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (e) {
    throw new Error(`cannot open PKCS#12: ${(e as Error).message}`);
  }
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids['pkcs8ShroudedKeyBag'] })[forge.pki.oids['pkcs8ShroudedKeyBag']] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids['keyBag'] })[forge.pki.oids['keyBag']] ?? []),
  ];
  const bag = keyBags[0];
  if (!bag) throw new Error('PKCS#12 contains no private key');
  let key: KeyObject;
  if (bag.key) {
    key = createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  } else if (bag.asn1) {
    // forge only models RSA keys; for others it leaves the PrivateKeyInfo ASN.1
    const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } else throw new Error('PKCS#12 key bag is empty');

  const certBags = pfx.getBags({ bagType: forge.pki.oids['certBag'] })[forge.pki.oids['certBag']] ?? [];
  const certs = certBags
    // forge models only RSA certificates; for others it keeps the certificate's ASN.1
    .map((b) => (b.cert ? forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert)) : b.asn1 ? forge.asn1.toDer(b.asn1) : undefined))
    .filter((c): c is forge.util.ByteStringBuffer => !!c)
    .map((c) => Buffer.from(c.getBytes(), 'binary'));
  const signerIdx = certs.findIndex((c) => new X509Certificate(c).checkPrivateKey(key));
  if (signerIdx < 0) throw new Error('PKCS#12 contains no certificate for its private key');
  const chain = [certs[signerIdx], ...certs.filter((_, i) => i !== signerIdx)];
  return { key, chain };
}

export async function pkcs12ProviderFromFile(path: string, password: string): Promise<KeyObjectProvider> {
  return pkcs12Provider(await readFile(path), password);
}
