import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  AttendanceAccessInfo,
  AttendanceDaysResponse,
  ClockEventInfo,
  ClockEventInput,
  CorrectionInput,
  DepartmentMonthResponse,
  LeaveBalance,
  LeaveRequestInput,
  TeamCalendarResponse,
  TimesheetInfo,
} from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';

const BASE = `${API_BASE}/attendance`;

function params(query: Record<string, string | number | undefined>): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') p = p.set(k, String(v));
  return p;
}

/** The attendance and leave API; promises, errors are problem+json. */
@Injectable({ providedIn: 'root' })
export class AttendanceApi {
  private readonly http = inject(HttpClient);

  access(): Promise<AttendanceAccessInfo> {
    return firstValueFrom(this.http.get<AttendanceAccessInfo>(`${BASE}/access`));
  }

  clock(body: ClockEventInput): Promise<ClockEventInfo> {
    return firstValueFrom(this.http.post<ClockEventInfo>(`${BASE}/events`, body));
  }

  days(from: string, to: string): Promise<AttendanceDaysResponse> {
    return firstValueFrom(this.http.get<AttendanceDaysResponse>(`${BASE}/days`, { params: params({ from, to }) }));
  }

  timesheet(month: string, user?: string): Promise<TimesheetInfo> {
    return firstValueFrom(this.http.get<TimesheetInfo>(`${BASE}/timesheets/${month}`, { params: params({ user }) }));
  }

  submit(month: string): Promise<TimesheetInfo> {
    return firstValueFrom(this.http.post<TimesheetInfo>(`${BASE}/timesheets/${month}/submit`, {}));
  }

  correction(body: CorrectionInput): Promise<{ requestId: string }> {
    return firstValueFrom(this.http.post<{ requestId: string }>(`${BASE}/corrections`, body));
  }

  teamCalendar(from: string, to: string): Promise<TeamCalendarResponse> {
    return firstValueFrom(this.http.get<TeamCalendarResponse>(`${BASE}/team-calendar`, { params: params({ from, to }) }));
  }

  balance(year?: number): Promise<LeaveBalance> {
    return firstValueFrom(this.http.get<LeaveBalance>(`${API_BASE}/leave/balance`, { params: params({ year }) }));
  }

  requestLeave(body: LeaveRequestInput): Promise<{ requestId: string; balance: LeaveBalance }> {
    return firstValueFrom(this.http.post<{ requestId: string; balance: LeaveBalance }>(`${API_BASE}/leave/requests`, body));
  }

  hrMonth(month: string): Promise<DepartmentMonthResponse> {
    return firstValueFrom(this.http.get<DepartmentMonthResponse>(`${BASE}/hr/months/${month}`));
  }

  pdfUrl(month: string): string {
    return `${BASE}/timesheets/${month}/pdf`;
  }

  payrollUrl(month: string, format: 'csv' | 'xlsx'): string {
    return `${BASE}/hr/months/${month}/payroll?format=${format}`;
  }

  trainingCostsUrl(year: number): string {
    return `${BASE}/hr/training-costs?year=${year}`;
  }
}

/** Prague calendar helpers for the browser (the office's time zone whatever the device says). */

export function pragueTime(iso: string): string {
  return new Intl.DateTimeFormat('cs-CZ', { timeZone: 'Europe/Prague', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}


/** `480` → `8:00`; empty for zero so tables stay readable. */
export function hoursText(minutes: number): string {
  if (!minutes) return '';
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
