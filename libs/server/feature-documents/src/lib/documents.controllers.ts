import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import { DomainException } from '@agendy/server/core';
import { agendaCodeParam, CurrentUser } from '@agendy/server/feature-agendas';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { isUuid } from '@agendy/server/feature-requests';
import type {
  DocumentListResponse,
  DocumentTemplateBody,
  DocumentTemplateInfo,
  MySigningCertificateResponse,
  SignatureValidationResponse,
  SigningCertificateInfo,
} from '@agendy/shared/contracts';
import { DocumentGenerator } from './documents/document-generator';
import { DocumentQueries } from './documents/document-queries';
import { OfficePki } from './pki/office-pki.service';
import { SignatureService } from './signing/signature-service';
import { SignerConfirmation } from './signing/signer-confirmation';
import { readBody, ValidationService } from './signing/validation.service';

function idParam(id: string): string {
  if (!isUuid(id)) throw new DomainException('NOT_FOUND');
  return id;
}

function optionalString(body: unknown, key: string, max = 1024): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const v = (body as Record<string, unknown>)[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max) throw new DomainException('VALIDATION_FAILED', `${key} must be a text of at most ${max} characters`);
  return v;
}

const pdfHeaders = (res: Response, fileName: string, inline: boolean) => {
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Shown inside the app's own page (the signer reads what they sign): framing by our origin only.
  if (inline) res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
};

@ApiTags('documents')
@Controller('v1')
export class DocumentsController {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly queries: DocumentQueries,
    private readonly signatures: SignatureService,
    private readonly validation: ValidationService,
  ) {}

  @Get('requests/:id/documents')
  @ApiOperation({ summary: "The request's generated documents (all versions) with their signature order; same visibility as the request" })
  @Access.object('request', 'id', 'read')
  async list(@Auth() auth: AuthContext, @Param('id') id: string): Promise<DocumentListResponse> {
    return this.queries.listForRequest(await this.currentUser.facts(auth), idParam(id));
  }

  @Get('documents/:id/pdf')
  @ApiOperation({ summary: 'Download the PDF (?inline=1 to show it in the browser); audited' })
  @Access.object('document', 'id', 'read')
  async download(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const doc = await this.queries.open(await this.currentUser.facts(auth), idParam(id), req.ip ?? null);
    pdfHeaders(res, doc.fileName, req.query['inline'] === '1');
    return new StreamableFile(doc.pdf, { type: 'application/pdf', length: doc.pdf.length });
  }

  @Post('documents/:id/signatures/:taskId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign the document (your turn in the order); body {password} or {otp} re-confirms who you are' })
  @Access.object('signature-task', 'taskId', 'sign')
  async sign(@Auth() auth: AuthContext, @Param('id') id: string, @Param('taskId') taskId: string, @Body() body: unknown, @Req() req: Request): Promise<void> {
    const facts = await this.currentUser.facts(auth);
    await this.queries.assertVisible(facts, idParam(id));
    idParam(taskId);
    await this.signatures.sign(facts, id, taskId, { password: optionalString(body, 'password'), otp: optionalString(body, 'otp', 16) }, req.ip ?? null);
  }

  @Post('documents/:id/signatures/:taskId/signed-pdf')
  @HttpCode(204)
  @ApiOperation({ summary: 'A qualified signature made outside Agendy: upload the PDF (raw application/pdf body) with your signature appended' })
  @Access.object('signature-task', 'taskId', 'sign')
  async uploadSigned(@Auth() auth: AuthContext, @Param('id') id: string, @Param('taskId') taskId: string, @Req() req: Request): Promise<void> {
    const facts = await this.currentUser.facts(auth);
    await this.queries.assertVisible(facts, idParam(id));
    idParam(taskId);
    const type = String(req.headers['content-type'] ?? '');
    if (type && !/^application\/(pdf|octet-stream)\b/i.test(type)) throw new DomainException('UNSUPPORTED_MEDIA_TYPE');
    await this.signatures.acceptQualified(facts, id, taskId, await readBody(req, this.validation.maxBytes), req.ip ?? null);
  }
}

@ApiTags('signatures')
@Controller('v1/signatures')
export class SignatureValidationController {
  constructor(private readonly validation: ValidationService) {}

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate the signatures of any PDF sent as the raw body (application/pdf): a report per signature' })
  @Access.signedIn('validates the PDF sent in the body; reads no stored data')
  async validate(@Auth() _auth: AuthContext, @Req() req: Request): Promise<SignatureValidationResponse> {
    const type = String(req.headers['content-type'] ?? '');
    if (type && !/^application\/(pdf|octet-stream)\b/i.test(type)) throw new DomainException('UNSUPPORTED_MEDIA_TYPE');
    return this.validation.validate(await readBody(req, this.validation.maxBytes));
  }
}

@ApiTags('pki')
@Controller('v1/pki')
export class PkiController {
  constructor(
    private readonly pki: OfficePki,
    private readonly confirmation: SignerConfirmation,
  ) {}

  @Get('crl')
  @ApiOperation({ summary: 'The CRL of the office CA (DER, application/pkix-crl); public for relying parties' })
  @Access.public('the certificate revocation list, public by nature (relying parties check signatures with it)')
  async crl(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const crl = await this.pki.crl();
    res.setHeader('Cache-Control', 'public, max-age=300');
    return new StreamableFile(crl, { type: 'application/pkix-crl', length: crl.length });
  }

  @Get('ca')
  @ApiOperation({ summary: 'The office CA certificate (PEM), to trust it in a PDF reader' })
  @Access.public('the office CA certificate, public by nature (to trust it in a PDF reader)')
  async ca(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const der = await this.pki.caCertificate();
    const pem = Buffer.from(`-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`);
    res.setHeader('Content-Disposition', 'attachment; filename="agendy-office-ca.pem"');
    return new StreamableFile(pem, { type: 'application/x-pem-file', length: pem.length });
  }

  @Get('me/certificate')
  @ApiOperation({ summary: 'My signing certificate (or null) and how I confirm a signature' })
  @Access.signedIn('the caller’s own signing certificate')
  async mine(@Auth() auth: AuthContext): Promise<MySigningCertificateResponse> {
    return { certificate: await this.pki.myCertificate(auth.user.id), confirmation: await this.confirmation.method(auth.user.id) };
  }

  @Post('me/certificate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue me a signing certificate from the office CA (key generated and kept encrypted on the server); 409 if one is active' })
  @Access.signedIn('issues a certificate to the caller only')
  async issue(@Auth() auth: AuthContext, @Req() req: Request): Promise<SigningCertificateInfo> {
    return this.pki.issueFor(auth.user.id, req.ip ?? null);
  }

  @Post('me/certificate/pkcs12')
  @HttpCode(201)
  @ApiOperation({ summary: 'Upload my own PKCS#12 as the raw body, its password in the X-Pkcs12-Password header' })
  @Access.signedIn('stores the caller’s own PKCS#12')
  async upload(@Auth() auth: AuthContext, @Req() req: Request): Promise<SigningCertificateInfo> {
    const p12 = await readBody(req, 64 * 1024);
    const password = String(req.headers['x-pkcs12-password'] ?? '');
    return this.pki.uploadFor(auth.user.id, p12, password, req.ip ?? null);
  }

  @Delete('certificates/:id')
  @ApiOperation({ summary: 'Revoke a certificate: your own, or anyone’s as a system administrator; it joins the CRL' })
  @Access.object('certificate', 'id', 'revoke')
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<SigningCertificateInfo> {
    return this.pki.revoke({ userId: auth.user.id, isAdmin: auth.user.roles.includes('system-admin') }, idParam(id), optionalString(body, 'reason', 200), req.ip ?? null);
  }
}

@ApiTags('documents')
@Controller('v1/admin/agendas/:code/templates')
export class TemplatesController {
  constructor(private readonly generator: DocumentGenerator) {}

  @Get(':template')
  @ApiOperation({ summary: "An agenda's document template (the database copy, or the shipped default)" })
  @Access.object('agenda', 'code', 'administer')
  async get(@Param('code') code: string, @Param('template') template: string): Promise<DocumentTemplateInfo> {
    return this.generator.getTemplate(agendaCodeParam(code), agendaCodeParam(template));
  }

  @Put(':template')
  @ApiOperation({ summary: 'Save the template into the database (validated; audited; the next generated documents use it)' })
  @Access.object('agenda', 'code', 'administer')
  async put(@Auth() auth: AuthContext, @Param('code') code: string, @Param('template') template: string, @Body() body: unknown, @Req() req: Request): Promise<DocumentTemplateInfo> {
    return this.generator.putTemplate(auth.user.id, agendaCodeParam(code), agendaCodeParam(template), body, req.ip ?? null);
  }

  @Post(':template/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a PDF preview: body {template?, data?} — the given (unsaved) template or the current one over sample data' })
  @Access.object('agenda', 'code', 'administer')
  async preview(@Param('code') code: string, @Param('template') template: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const b = (body && typeof body === 'object' ? body : {}) as { template?: DocumentTemplateBody; data?: Record<string, unknown> };
    if (b.data !== undefined && (typeof b.data !== 'object' || b.data === null || Array.isArray(b.data))) throw new DomainException('VALIDATION_FAILED', 'data must be an object');
    const pdf = await this.generator.preview(agendaCodeParam(code), agendaCodeParam(template), b.template, b.data ?? {});
    pdfHeaders(res, `${template}-nahled.pdf`, true);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }
}
