import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { AgendaDetail, AgendaListResponse, AgendaSummary } from '@agendy/shared/contracts';
import { ENDPOINTS, seg } from './api';

/**
 * Agendas the current user may file (`GET /agendas`) and agenda details (published version or the
 * exact version a request runs on). Details are immutable per version, so they are cached.
 */
@Injectable({ providedIn: 'root' })
export class AgendasService {
  private readonly http = inject(HttpClient);
  private readonly versions = new Map<string, Promise<AgendaDetail>>();
  private listPromise: Promise<AgendaSummary[]> | null = null;

  private readonly _list = signal<AgendaSummary[] | null>(null);
  /** The last loaded list (null until loaded). */
  readonly list = this._list.asReadonly();

  /** Loads the list once per session (pass `force` to ask again). */
  loadList(force = false): Promise<AgendaSummary[]> {
    if (force || !this.listPromise) {
      this.listPromise = firstValueFrom(this.http.get<AgendaListResponse>(ENDPOINTS.agendas)).then(
        (res) => {
          this._list.set(res.items);
          return res.items;
        },
        (error: unknown) => {
          this.listPromise = null;
          throw error;
        },
      );
    }
    return this.listPromise;
  }

  /** The published version, the one new requests are filed under (not cached: it may change). */
  published(code: string): Promise<AgendaDetail> {
    return firstValueFrom(this.http.get<AgendaDetail>(`${ENDPOINTS.agendas}/${seg(code)}`)).then((detail) => {
      this.versions.set(`${detail.code}@${detail.version}`, Promise.resolve(detail));
      return detail;
    });
  }

  /** A definite version (what a request runs on); cached for the session. */
  version(code: string, version: number): Promise<AgendaDetail> {
    const key = `${code}@${version}`;
    let cached = this.versions.get(key);
    if (!cached) {
      cached = firstValueFrom(this.http.get<AgendaDetail>(`${ENDPOINTS.agendas}/${seg(code)}/versions/${seg(version)}`));
      cached.catch(() => this.versions.delete(key));
      this.versions.set(key, cached);
    }
    return cached;
  }
}
