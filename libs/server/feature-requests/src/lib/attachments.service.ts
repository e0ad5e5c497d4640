import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttachmentInfo } from '@agendy/shared/contracts';
import { APP_CONFIG, AppConfig, DomainException } from '@agendy/server/core';
import type { UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { cleanFileName, SNIFF_BYTES, SniffedType, sniffFileType } from './file-type';
import { RequestVisibility } from './request-visibility';

/**
 * Attachments live outside the database in ATTACHMENTS_DIR (content-addressed by a random id,
 * never by the user's file name); the row holds name, type, size and SHA-256. Download checks the
 * same visibility as the request and is audited.
 */
/** A full or failing disk is the server's trouble, not the client's: 503 with a stable code, never a 500 with a path in it. */
function storageProblem(e: unknown): unknown {
  if (e instanceof DomainException) return e;
  const code = (e as { code?: unknown })?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || code === 'EROFS') {
    return new DomainException('SERVICE_UNAVAILABLE', 'The attachment store cannot take the file now; try again later', {}, { 'Retry-After': '300' });
  }
  return e;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly visibility: RequestVisibility,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get dir(): string {
    return resolve(this.config.runtime.attachmentsDir);
  }

  async upload(facts: UserFacts, requestId: string, rawName: string, body: Readable, ip: string | null): Promise<AttachmentInfo> {
    await this.visibility.assertMayWork(this.ds.manager, facts, requestId);
    const [req]: Array<{ final: boolean }> = await this.ds.query(`SELECT final FROM requests WHERE id = $1`, [requestId]);
    if (req.final) throw new DomainException('WRONG_STATE', 'A closed request takes no more attachments');
    const name = cleanFileName(rawName);
    if (!name) throw new DomainException('VALIDATION_FAILED', 'The file needs a name', { errors: [{ pointer: '/filename', rule: 'required', message: { cs: 'Chybí název souboru.', en: 'The file name is missing.' } }] });

    // express.json() has already read a JSON body: there is no file left to store.
    if (body.readableEnded) throw new DomainException('UNSUPPORTED_MEDIA_TYPE', 'Send the file as the raw request body (Content-Type: application/octet-stream), its name in ?filename=');
    await this.assertSpaceLeft();

    const id = randomUUID();
    const storageKey = join(id.slice(0, 2), id);
    const path = join(this.dir, storageKey);
    // Whatever goes wrong from here on (type, size, full disk, database), no file stays behind
    // without its row and no row points at a half-written file.
    const discard = async (e: unknown): Promise<never> => {
      await fs.rm(path, { force: true }).catch(() => undefined);
      throw storageProblem(e);
    };
    const { size, sha256, head } = await fs
      .mkdir(join(this.dir, id.slice(0, 2)), { recursive: true })
      .then(() => this.store(body, path))
      .catch(discard);
    const type = size > 0 ? sniffFileType(head, name) : undefined;
    if (!type) await discard(new DomainException('UNSUPPORTED_MEDIA_TYPE', 'Allowed are PDF, PNG, JPEG, GIF and Office/OpenDocument files (checked by content)'));
    const mediaType = (type as SniffedType).mediaType;
    return this.ds
      .transaction(async (em) => {
        const [row]: Array<{ created_at: Date }> = await em.query(
          `INSERT INTO attachments (id, request_id, uploaded_by, name, media_type, size, sha256, storage_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING created_at`,
          [id, requestId, facts.userId, name, mediaType, size, sha256, storageKey],
        );
        await this.audit.append(em, { actorId: facts.userId, action: 'attachment.upload', objectType: 'attachment', objectId: id, ip, details: { request: requestId, name, size, sha256 } });
        const [u]: Array<{ username: string; display_name: string }> = await em.query(`SELECT username, display_name FROM users WHERE id = $1`, [facts.userId]);
        return { fileId: id, name, mediaType, size, sha256, uploadedBy: { id: facts.userId, username: u.username, displayName: u.display_name }, uploadedAt: new Date(row.created_at).toISOString() };
      })
      .catch(discard);
  }

  /** Refuses early, before reading the body, while the store has less than ATTACHMENTS_MIN_FREE_MB free. */
  private async assertSpaceLeft(): Promise<void> {
    const min = this.config.runtime.attachmentsMinFreeBytes;
    if (min === 0) return;
    await fs.mkdir(this.dir, { recursive: true });
    const stats = await fs.statfs(this.dir);
    if (stats.bavail * stats.bsize < min) throw new DomainException('SERVICE_UNAVAILABLE', 'The attachment store is full; try again later', {}, { 'Retry-After': '300' });
  }

  /** The storage edge: where the bytes go. One method, so fault tests can make the disk fail. */
  protected openForWrite(path: string): Writable {
    return createWriteStream(path, { flags: 'wx', mode: 0o640 });
  }

  /** Streams the body to disk, hashing as it goes and stopping at the size limit. */
  private store(body: Readable, path: string): Promise<{ size: number; sha256: string; head: Buffer }> {
    const max = this.config.runtime.attachmentMaxBytes;
    return new Promise((resolvePromise, reject) => {
      const hash = createHash('sha256');
      const out = this.openForWrite(path);
      let size = 0;
      let head = Buffer.alloc(0);
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        body.unpipe(out);
        body.resume();
        out.destroy();
        reject(e);
      };
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) return fail(new DomainException('PAYLOAD_TOO_LARGE', `Attachments may have at most ${max} bytes`));
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        hash.update(chunk);
      });
      body.on('error', fail);
      body.on('aborted', () => fail(new DomainException('BAD_REQUEST', 'The upload was interrupted')));
      out.on('error', fail);
      out.on('finish', () => !failed && resolvePromise({ size, sha256: hash.digest('hex'), head }));
      body.pipe(out);
    });
  }

  async open(facts: UserFacts, requestId: string, fileId: string, ip: string | null): Promise<{ name: string; mediaType: string; size: number; stream: Readable }> {
    await this.requireVisible(facts, requestId);
    const [row]: Array<{ name: string; media_type: string; size: string; storage_key: string }> = await this.ds.query(
      `SELECT name, media_type, size, storage_key FROM attachments WHERE id = $1 AND request_id = $2`,
      [fileId, requestId],
    );
    if (!row) throw new DomainException('NOT_FOUND');
    await this.ds.transaction((em) => this.audit.append(em, { actorId: facts.userId, action: 'attachment.download', objectType: 'attachment', objectId: fileId, ip, details: { request: requestId } }));
    return { name: row.name, mediaType: row.media_type, size: Number(row.size), stream: createReadStream(join(this.dir, row.storage_key)) };
  }

  private async requireVisible(facts: UserFacts, requestId: string): Promise<void> {
    await this.visibility.assertVisible(this.ds.manager, facts, requestId);
  }
}
