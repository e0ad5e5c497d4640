import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { DocumentListResponse, MySigningCertificateResponse, SignatureValidationResponse, SigningCertificateInfo } from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';

/** The documents, signatures and office PKI endpoints (docs/signing.md). */
@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);

  list(requestId: string): Promise<DocumentListResponse> {
    return firstValueFrom(this.http.get<DocumentListResponse>(`${API_BASE}/requests/${encodeURIComponent(requestId)}/documents`));
  }

  pdfUrl(documentId: string, inline = false): string {
    return `${API_BASE}/documents/${encodeURIComponent(documentId)}/pdf${inline ? '?inline=1' : ''}`;
  }

  sign(documentId: string, taskId: string, body: { password?: string; otp?: string }): Promise<void> {
    return firstValueFrom(this.http.post<void>(`${API_BASE}/documents/${encodeURIComponent(documentId)}/signatures/${encodeURIComponent(taskId)}`, body));
  }

  /** A qualified signature made outside Agendy: the PDF with the signature appended. */
  uploadSigned(documentId: string, taskId: string, file: Blob): Promise<void> {
    return firstValueFrom(
      this.http.post<void>(`${API_BASE}/documents/${encodeURIComponent(documentId)}/signatures/${encodeURIComponent(taskId)}/signed-pdf`, file, { headers: { 'Content-Type': 'application/pdf' } }),
    );
  }

  myCertificate(): Promise<MySigningCertificateResponse> {
    return firstValueFrom(this.http.get<MySigningCertificateResponse>(`${API_BASE}/pki/me/certificate`));
  }

  requestCertificate(): Promise<SigningCertificateInfo> {
    return firstValueFrom(this.http.post<SigningCertificateInfo>(`${API_BASE}/pki/me/certificate`, {}));
  }

  revoke(certificateId: string): Promise<SigningCertificateInfo> {
    return firstValueFrom(this.http.delete<SigningCertificateInfo>(`${API_BASE}/pki/certificates/${encodeURIComponent(certificateId)}`, { body: {} }));
  }

  readonly caUrl = `${API_BASE}/pki/ca`;

  validate(file: Blob): Promise<SignatureValidationResponse> {
    return firstValueFrom(this.http.post<SignatureValidationResponse>(`${API_BASE}/signatures/validate`, file, { headers: { 'Content-Type': 'application/pdf' } }));
  }
}
