import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  ContractInfo,
  ContractListResponse,
  CouncilCandidate,
  CouncilSessionDetail,
  CouncilSessionListResponse,
  CreateCouncilSessionBody,
  RecordPublicationBody,
  RecordResolutionBody,
  RegulationDetail,
  RegulationInfo,
  RegulationListResponse,
} from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';

export const REGISTERS_API = {
  regulations: `${API_BASE}/registers/regulations`,
  contracts: `${API_BASE}/registers/contracts`,
  council: `${API_BASE}/registers/council-sessions`,
} as const;

function params(query: Record<string, string | number | boolean | undefined | null>): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p = p.set(k, String(v));
  return p;
}

/** Calls of the registers pages; the server authorises every one of them. */
@Injectable({ providedIn: 'root' })
export class RegistersApi {
  private readonly http = inject(HttpClient);

  regulations(query: { q?: string; status?: string; pendingMine?: boolean; limit?: number }): Promise<RegulationListResponse> {
    return firstValueFrom(this.http.get<RegulationListResponse>(REGISTERS_API.regulations, { params: params({ limit: 100, ...query }) }));
  }
  regulation(id: string): Promise<RegulationDetail> {
    return firstValueFrom(this.http.get<RegulationDetail>(`${REGISTERS_API.regulations}/${encodeURIComponent(id)}`));
  }
  acknowledge(id: string): Promise<RegulationInfo> {
    return firstValueFrom(this.http.post<RegulationInfo>(`${REGISTERS_API.regulations}/${encodeURIComponent(id)}/acknowledge`, {}));
  }

  contracts(query: { q?: string; status?: string }): Promise<ContractListResponse> {
    return firstValueFrom(this.http.get<ContractListResponse>(REGISTERS_API.contracts, { params: params({ limit: 200, ...query }) }));
  }
  recordPublication(id: string, body: RecordPublicationBody): Promise<ContractInfo> {
    return firstValueFrom(this.http.post<ContractInfo>(`${REGISTERS_API.contracts}/${encodeURIComponent(id)}/publication`, body));
  }
  contractExportUrl(format: 'xml' | 'csv', status?: string): string {
    return `${REGISTERS_API.contracts}/export?${params({ format, status }).toString()}`;
  }

  sessions(): Promise<CouncilSessionListResponse> {
    return firstValueFrom(this.http.get<CouncilSessionListResponse>(REGISTERS_API.council));
  }
  session(id: string): Promise<CouncilSessionDetail> {
    return firstValueFrom(this.http.get<CouncilSessionDetail>(`${REGISTERS_API.council}/${encodeURIComponent(id)}`));
  }
  createSession(body: CreateCouncilSessionBody): Promise<CouncilSessionDetail> {
    return firstValueFrom(this.http.post<CouncilSessionDetail>(REGISTERS_API.council, body));
  }
  candidates(): Promise<CouncilCandidate[]> {
    return firstValueFrom(this.http.get<CouncilCandidate[]>(`${REGISTERS_API.council}/candidates`));
  }
  addItem(id: string, requestId: string): Promise<CouncilSessionDetail> {
    return firstValueFrom(this.http.post<CouncilSessionDetail>(`${REGISTERS_API.council}/${encodeURIComponent(id)}/items`, { requestId }));
  }
  reorder(id: string, order: string[]): Promise<CouncilSessionDetail> {
    return firstValueFrom(this.http.post<CouncilSessionDetail>(`${REGISTERS_API.council}/${encodeURIComponent(id)}/order`, { order }));
  }
  recordResolution(id: string, requestId: string, body: RecordResolutionBody): Promise<CouncilSessionDetail> {
    return firstValueFrom(
      this.http.post<CouncilSessionDetail>(`${REGISTERS_API.council}/${encodeURIComponent(id)}/items/${encodeURIComponent(requestId)}/resolution`, body),
    );
  }
  bundleUrl(id: string): string {
    return `${REGISTERS_API.council}/${encodeURIComponent(id)}/bundle.pdf`;
  }
}
