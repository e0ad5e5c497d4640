import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { EffectIncidentListResponse } from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';

/** `GET /api/v1/admin/incidents` (system administrators; docs/runtime.md, "Retries, redelivery and incidents"). */
@Injectable({ providedIn: 'root' })
export class IncidentsApi {
  private readonly http = inject(HttpClient);

  list(all: boolean): Promise<EffectIncidentListResponse> {
    return firstValueFrom(this.http.get<EffectIncidentListResponse>(`${API_BASE}/admin/incidents`, { params: all ? { state: 'all' } : {} }));
  }
}
