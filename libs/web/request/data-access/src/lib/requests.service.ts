import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  AgendaUsageResponse,
  AttachmentInfo,
  CommentInfo,
  CommentListResponse,
  CreateRequestBody,
  RequestDetail,
  RequestListQuery,
  RequestListResponse,
  TransitionBody,
  UpdateRequestBody,
} from '@agendy/shared/contracts';
import { ENDPOINTS, queryParams, seg } from './api';
import { PagedList } from './paged-list';

/** Progress of an upload: bytes sent so far and in total. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

const XSRF_COOKIE = 'XSRF-TOKEN';
const XSRF_HEADER = 'X-XSRF-TOKEN';

/** Requests (cases): my list, detail, drafts, steps, comments and attachments. */
@Injectable({ providedIn: 'root' })
export class RequestsService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  list(query: RequestListQuery = {}): Promise<RequestListResponse> {
    return firstValueFrom(this.http.get<RequestListResponse>(ENDPOINTS.requests, { params: queryParams(query) }));
  }

  /** The agendas I file most often (home page shortcuts). */
  agendaUsage(): Promise<AgendaUsageResponse> {
    return firstValueFrom(this.http.get<AgendaUsageResponse>(`${ENDPOINTS.requests}/agenda-usage`));
  }

  /** My requests as a paged list with the given filter (`status`, `agenda`, `q`, `limit`). */
  pagedList(query: () => Omit<RequestListQuery, 'cursor'>): PagedList<RequestListResponse['items'][number]> {
    return new PagedList((cursor) => this.list({ ...query(), cursor }));
  }

  get(id: string): Promise<RequestDetail> {
    return firstValueFrom(this.http.get<RequestDetail>(`${ENDPOINTS.requests}/${seg(id)}`));
  }

  create(body: CreateRequestBody): Promise<RequestDetail> {
    return firstValueFrom(this.http.post<RequestDetail>(ENDPOINTS.requests, body));
  }

  /** Saves editable fields without moving the request (the agenda's self-loop step). */
  patch(id: string, body: UpdateRequestBody): Promise<RequestDetail> {
    return firstValueFrom(this.http.patch<RequestDetail>(`${ENDPOINTS.requests}/${seg(id)}`, body));
  }

  transition(id: string, body: TransitionBody): Promise<RequestDetail> {
    return firstValueFrom(this.http.post<RequestDetail>(`${ENDPOINTS.requests}/${seg(id)}/transitions`, body));
  }

  comments(id: string): Promise<CommentInfo[]> {
    return firstValueFrom(this.http.get<CommentListResponse>(`${ENDPOINTS.requests}/${seg(id)}/comments`)).then((r) => r.items);
  }

  addComment(id: string, body: string): Promise<CommentInfo> {
    return firstValueFrom(this.http.post<CommentInfo>(`${ENDPOINTS.requests}/${seg(id)}/comments`, { body }));
  }

  /** Where the browser downloads an attachment (a plain link: the session cookie authorises it). */
  attachmentUrl(requestId: string, fileId: string): string {
    return `${ENDPOINTS.requests}/${seg(requestId)}/attachments/${seg(fileId)}`;
  }

  /**
   * Uploads a file as the raw body. HttpClient runs on `fetch` here, which cannot report upload
   * progress, so this uses XMLHttpRequest and echoes the XSRF cookie itself. Rejects with an
   * `HttpErrorResponse` (the problem document as its `error`), like HttpClient.
   */
  upload(requestId: string, file: File, onProgress?: (progress: UploadProgress) => void): Promise<AttachmentInfo> {
    const url = `${ENDPOINTS.requests}/${seg(requestId)}/attachments?filename=${encodeURIComponent(file.name)}`;
    const view = this.document.defaultView;
    if (!view?.XMLHttpRequest) return Promise.reject(new HttpErrorResponse({ status: 0, url }));
    return new Promise<AttachmentInfo>((resolve, reject) => {
      const xhr = new view.XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      const token = readCookie(this.document.cookie, XSRF_COOKIE);
      if (token) xhr.setRequestHeader(XSRF_HEADER, token);
      xhr.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
      xhr.onload = () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.({ loaded: file.size, total: file.size });
          resolve(body as AttachmentInfo);
        } else {
          reject(new HttpErrorResponse({ status: xhr.status, statusText: xhr.statusText, error: body, url }));
        }
      };
      xhr.onerror = () => reject(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error'), url }));
      xhr.send(file);
    });
  }
}

export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
