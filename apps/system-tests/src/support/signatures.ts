/* eslint-disable @nx/enforce-module-boundaries -- the pades library's test PKI signs "elsewhere", as a qualified signer's own tool would */
import { readFileSync } from 'node:fs';
import { pkcs12Provider, signPdf } from '@agendy/signing/pades';
import { eventually, type LoggedInAgent } from '@agendy/server/testing';
import { createTestPki, type TestPki, type TestSigner } from '../../../../libs/signing/pades/src/testing/test-pki';
/* eslint-enable @nx/enforce-module-boundaries */

interface SignatureView {
  id: string;
  order: number;
  level: 'simple' | 'advanced' | 'qualified' | 'seal';
  status: 'pending' | 'signed' | 'cancelled';
  canSign: boolean;
}

interface DocumentView {
  id: string;
  status: string;
  signatures: SignatureView[];
}

/**
 * Signs every pending signature of a request the way people do it, through the API only: an
 * advanced signature with the signer's office certificate and password, a qualified one made
 * "elsewhere" with a certificate of a test CA (trusted through SIGNING_TRUST_ANCHORS_FILE) and
 * uploaded, the office seal by the worker. Nothing is marked signed behind the product's back.
 */
export class SignatureDesk {
  readonly pki: TestPki = createTestPki('agendy-desk-');
  private readonly signers = new Map<string, TestSigner>();

  /** The api/worker settings that make the desk's qualified signatures trusted. */
  get env(): Record<string, string> {
    return { SIGNING_TRUST_ANCHORS_FILE: this.pki.caPath };
  }

  /** Signs in turn until no signature of the request is pending; `people` are everyone who may have to sign. */
  async signAll(requestId: string, viewer: LoggedInAgent, people: LoggedInAgent[]): Promise<void> {
    // The worker generates the document and its signature order after the step that asked for them.
    await eventually(async () => ((await this.documents(viewer, requestId)).some((d) => d.signatures.length > 0) ? true : undefined), 20_000, 'signature tasks');
    for (let round = 0; round < 20; round++) {
      const docs = await this.documents(viewer, requestId);
      const pending = docs.filter((d) => d.status === 'signing').flatMap((d) => d.signatures.filter((s) => s.status === 'pending').map((s) => ({ doc: d, task: s })));
      if (pending.length === 0) return;
      const turn = Math.min(...pending.map((p) => p.task.order));
      const current = pending.filter((p) => p.task.order === turn);
      if (current.every((p) => p.task.level === 'seal')) {
        await eventually(async () => ((await this.documents(viewer, requestId)).some((d) => d.signatures.some((s) => s.id === current[0].task.id && s.status === 'signed')) ? true : undefined), 20_000, 'the office seal');
        continue;
      }
      for (const { doc, task } of current.filter((p) => p.task.level !== 'seal')) await this.signOne(requestId, doc.id, task, people);
    }
    throw new Error(`signatures of ${requestId} still pending after 20 rounds`);
  }

  private async signOne(requestId: string, documentId: string, task: SignatureView, people: LoggedInAgent[]): Promise<void> {
    for (const person of people) {
      const mine = (await this.documents(person, requestId).catch(() => [])).flatMap((d) => d.signatures).find((s) => s.id === task.id);
      if (!mine?.canSign) continue;
      if (task.level === 'qualified') {
        const me = ((await person.agent.get('/api/v1/auth/me').expect(200)).body as { user: { displayName: string } }).user;
        const pdf = await this.download(person, documentId);
        const signed = await signPdf(pdf, { keyProvider: pkcs12Provider(readFileSync(this.signer(me.displayName).p12Path), this.signer(me.displayName).p12Password), name: me.displayName });
        await person.agent.post(`/api/v1/documents/${documentId}/signatures/${task.id}/signed-pdf`).set('X-XSRF-TOKEN', person.xsrf).set('Content-Type', 'application/pdf').send(Buffer.from(signed)).expect(204);
      } else {
        const issued = await person.agent.post('/api/v1/pki/me/certificate').set('X-XSRF-TOKEN', person.xsrf).send({});
        if (issued.status !== 201 && issued.body.code !== 'CERTIFICATE_EXISTS') throw new Error(`certificate: ${issued.status} ${JSON.stringify(issued.body)}`);
        await person.agent.post(`/api/v1/documents/${documentId}/signatures/${task.id}`).set('X-XSRF-TOKEN', person.xsrf).send({ password: 'demo' }).expect(204);
      }
      return;
    }
    throw new Error(`nobody of the given people can sign task ${task.id} (${task.level}, order ${task.order})`);
  }

  private signer(displayName: string): TestSigner {
    let s = this.signers.get(displayName);
    if (!s) {
      s = this.pki.signer(displayName);
      this.signers.set(displayName, s);
    }
    return s;
  }

  private async documents(a: LoggedInAgent, requestId: string): Promise<DocumentView[]> {
    const res = await a.agent.get(`/api/v1/requests/${requestId}/documents`);
    if (res.status !== 200) throw new Error(`documents: ${res.status}`);
    return res.body.items as DocumentView[];
  }

  private async download(a: LoggedInAgent, documentId: string): Promise<Buffer> {
    const res = await a.agent
      .get(`/api/v1/documents/${documentId}/pdf`)
      .expect(200)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return res.body as Buffer;
  }

  cleanup(): void {
    this.pki.cleanup();
  }
}
