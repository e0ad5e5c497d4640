import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  AddGrantRequest,
  AgendaVacanciesResponse,
  AgendaVersionInfo,
  DefinitionDiff,
  DesignerAgendaListResponse,
  DesignerGrant,
  DesignerGrantsResponse,
  DesignerRunningRequestsResponse,
  DesignerValidationResponse,
  DesignerVersion,
  MigrateRequestsRequest,
  MigrateRequestsResponse,
  PublishAgendaResponse,
  SimulationResponse,
} from '@agendy/shared/contracts';
import type { AgendaDefinition, Scenario } from '@agendy/workflow/engine';
import { API_BASE } from '../../core/http/api';

const BASE = `${API_BASE}/admin/agendas`;

/** The designer's endpoints (docs/designer.md); every call answers problem+json on failure. */
@Injectable({ providedIn: 'root' })
export class DesignerApi {
  private readonly http = inject(HttpClient);

  list(): Promise<DesignerAgendaListResponse> {
    return firstValueFrom(this.http.get<DesignerAgendaListResponse>(BASE));
  }

  versions(code: string): Promise<DesignerVersion[]> {
    return firstValueFrom(this.http.get<{ items: DesignerVersion[] }>(`${BASE}/${code}/versions`)).then((r) => r.items);
  }

  definition(code: string, version: number): Promise<AgendaDefinition> {
    return firstValueFrom(this.http.get<AgendaDefinition>(`${BASE}/${code}/versions/${version}/definition`));
  }

  exportUrl(code: string, version: number): string {
    return `${BASE}/${code}/versions/${version}/definition?download=true`;
  }

  import(definition: unknown, renumber: boolean): Promise<AgendaVersionInfo> {
    return firstValueFrom(this.http.post<AgendaVersionInfo>(`${BASE}${renumber ? '?renumber=true' : ''}`, definition));
  }

  validate(definition: unknown): Promise<DesignerValidationResponse> {
    return firstValueFrom(this.http.post<DesignerValidationResponse>(`${BASE}/validate`, definition));
  }

  createDraft(code: string, from?: number): Promise<AgendaVersionInfo> {
    return firstValueFrom(this.http.post<AgendaVersionInfo>(`${BASE}/${code}/drafts`, from ? { from } : {}));
  }

  saveDraft(code: string, version: number, definition: AgendaDefinition): Promise<AgendaVersionInfo> {
    return firstValueFrom(this.http.put<AgendaVersionInfo>(`${BASE}/${code}/versions/${version}`, definition));
  }

  discardDraft(code: string, version: number): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${BASE}/${code}/versions/${version}`));
  }

  /** Publishes a draft; the answer lists the parties nobody in the directory can act for now (issue 19). */
  publish(code: string, version: number): Promise<PublishAgendaResponse> {
    return firstValueFrom(this.http.post<PublishAgendaResponse>(`${BASE}/${code}/versions/${version}/publish`, {}));
  }

  retire(code: string): Promise<void> {
    return firstValueFrom(this.http.post<void>(`${BASE}/${code}/retire`, {}));
  }

  diff(code: string, from: number, to: number): Promise<DefinitionDiff> {
    return firstValueFrom(this.http.get<DefinitionDiff>(`${BASE}/${code}/diff`, { params: { from, to } }));
  }

  running(code: string): Promise<DesignerRunningRequestsResponse> {
    return firstValueFrom(this.http.get<DesignerRunningRequestsResponse>(`${BASE}/${code}/requests`));
  }

  migrate(code: string, body: MigrateRequestsRequest): Promise<MigrateRequestsResponse> {
    return firstValueFrom(this.http.post<MigrateRequestsResponse>(`${BASE}/${code}/migrate`, body));
  }

  /** Work of the agenda that would go to nobody: the directory's holes and the requests a fallback stands in on. */
  vacancies(code: string): Promise<AgendaVacanciesResponse> {
    return firstValueFrom(this.http.get<AgendaVacanciesResponse>(`${BASE}/${code}/vacancies`));
  }

  grants(code: string): Promise<DesignerGrant[]> {
    return firstValueFrom(this.http.get<DesignerGrantsResponse>(`${BASE}/${code}/grants`)).then((r) => r.items);
  }

  addGrant(code: string, body: AddGrantRequest): Promise<DesignerGrant[]> {
    return firstValueFrom(this.http.post<DesignerGrantsResponse>(`${BASE}/${code}/grants`, body)).then((r) => r.items);
  }

  removeGrant(code: string, id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${BASE}/${code}/grants/${id}`));
  }

  simulate(definition: AgendaDefinition, scenario: Scenario): Promise<SimulationResponse> {
    return firstValueFrom(this.http.post<SimulationResponse>(`${BASE}/simulate`, { definition, scenario }));
  }
}
