import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  AvailabilityResponse,
  BookingFeedInfo,
  BookingInfo,
  BookingListResponse,
  BookingRulesInfo,
  BusySlot,
  DriverLicenceInfo,
  ResourceInfo,
  ResourceListResponse,
  ResourceType,
  SeriesCreatedResponse,
  SeriesPreviewResponse,
  SharedTripInfo,
  SharedTripListResponse,
  TripLogEntryInfo,
  TripLogResponse,
} from '@agendy/shared/contracts';
import { API_BASE } from '../../core/http/api';

export interface NewBooking {
  resourceId: string;
  title: string;
  start: string;
  end: string;
  attendees?: number;
  destination?: string;
  purpose?: string;
  passengers?: number;
  licenceConfirmed?: boolean;
  shared?: boolean;
}

export function isBusy(item: BookingInfo | BusySlot): item is BusySlot {
  return 'busy' in item && item.busy === true;
}

function params(query: Record<string, string | number | boolean | undefined | null>): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p = p.set(k, String(v));
  return p;
}

/** The booking API (`/api/v1/resources`, `/bookings`, trips, feeds); promises, errors are problem+json. */
@Injectable({ providedIn: 'root' })
export class BookingApi {
  private readonly http = inject(HttpClient);

  resources(query: { type?: ResourceType; minCapacity?: number; equipment?: string; accessible?: boolean; location?: string; from?: string; to?: string } = {}): Promise<ResourceListResponse> {
    return firstValueFrom(this.http.get<ResourceListResponse>(`${API_BASE}/resources`, { params: params(query) }));
  }

  availability(query: { type: ResourceType; from: string; to: string; minCapacity?: number; minSeats?: number; equipment?: string; accessible?: boolean; location?: string }): Promise<AvailabilityResponse> {
    return firstValueFrom(this.http.get<AvailabilityResponse>(`${API_BASE}/resources/availability`, { params: params(query) }));
  }

  bookings(query: { mine?: boolean; resourceId?: string; from: string; to: string }): Promise<BookingListResponse> {
    return firstValueFrom(this.http.get<BookingListResponse>(`${API_BASE}/bookings`, { params: params(query) }));
  }

  /** Resolves with the booking and whether it waits for approval (202). */
  async create(body: NewBooking): Promise<{ booking: BookingInfo; pending: boolean }> {
    const res: HttpResponse<BookingInfo> = await firstValueFrom(this.http.post<BookingInfo>(`${API_BASE}/bookings`, body, { observe: 'response' }));
    return { booking: res.body as BookingInfo, pending: res.status === 202 };
  }

  update(id: string, body: { expectedVersion: number; start?: string; end?: string; title?: string }): Promise<BookingInfo> {
    return firstValueFrom(this.http.patch<BookingInfo>(`${API_BASE}/bookings/${id}`, body));
  }

  cancel(id: string): Promise<BookingInfo> {
    return firstValueFrom(this.http.delete<BookingInfo>(`${API_BASE}/bookings/${id}`));
  }

  checkIn(id: string): Promise<BookingInfo> {
    return firstValueFrom(this.http.post<BookingInfo>(`${API_BASE}/bookings/${id}/check-in`, {}));
  }

  previewSeries(body: NewBooking & { rrule: string }): Promise<SeriesPreviewResponse> {
    return firstValueFrom(this.http.post<SeriesPreviewResponse>(`${API_BASE}/bookings/series/preview`, body));
  }

  createSeries(body: NewBooking & { rrule: string; onConflict: 'skip' | 'abort' }): Promise<SeriesCreatedResponse> {
    return firstValueFrom(this.http.post<SeriesCreatedResponse>(`${API_BASE}/bookings/series`, body));
  }

  updateSeries(id: string, body: { title?: string; startTime?: string; durationMinutes?: number }): Promise<BookingListResponse> {
    return firstValueFrom(this.http.patch<BookingListResponse>(`${API_BASE}/bookings/series/${id}`, body));
  }

  cancelSeries(id: string): Promise<{ cancelled: number }> {
    return firstValueFrom(this.http.post<{ cancelled: number }>(`${API_BASE}/bookings/series/${id}/cancel`, {}));
  }

  sharedTrips(): Promise<SharedTripListResponse> {
    return firstValueFrom(this.http.get<SharedTripListResponse>(`${API_BASE}/bookings/shared-trips`));
  }

  join(id: string): Promise<SharedTripInfo> {
    return firstValueFrom(this.http.post<SharedTripInfo>(`${API_BASE}/bookings/${id}/join`, {}));
  }

  leave(id: string): Promise<SharedTripInfo> {
    return firstValueFrom(this.http.post<SharedTripInfo>(`${API_BASE}/bookings/${id}/leave`, {}));
  }

  handover(id: string, odometerKm: number): Promise<BookingInfo> {
    return firstValueFrom(this.http.post<BookingInfo>(`${API_BASE}/bookings/${id}/key-handover`, { odometerKm }));
  }

  keyReturn(id: string, body: { odometerKm: number; startPlace?: string; endPlace?: string; purpose?: string }): Promise<{ booking: BookingInfo; trip: TripLogEntryInfo }> {
    return firstValueFrom(this.http.post<{ booking: BookingInfo; trip: TripLogEntryInfo }>(`${API_BASE}/bookings/${id}/key-return`, body));
  }

  licence(): Promise<DriverLicenceInfo> {
    return firstValueFrom(this.http.get<DriverLicenceInfo>(`${API_BASE}/driver-licence`));
  }

  confirmLicence(body: { licenceValidUntil: string; trainingValidUntil: string }): Promise<DriverLicenceInfo> {
    return firstValueFrom(this.http.put<DriverLicenceInfo>(`${API_BASE}/driver-licence`, body));
  }

  trips(carId: string, month: string): Promise<TripLogResponse> {
    return firstValueFrom(this.http.get<TripLogResponse>(`${API_BASE}/resources/${carId}/trips`, { params: params({ month }) }));
  }

  exportUrl(carId: string, month: string, format: 'csv' | 'xlsx' | 'pdf'): string {
    return `${API_BASE}/resources/${carId}/trips/export?month=${encodeURIComponent(month)}&format=${format}`;
  }

  feed(resourceId?: string): Promise<BookingFeedInfo> {
    return firstValueFrom(this.http.post<BookingFeedInfo>(`${API_BASE}/booking-feeds`, resourceId ? { resourceId } : {}));
  }

  adminResources(): Promise<ResourceListResponse> {
    return firstValueFrom(this.http.get<ResourceListResponse>(`${API_BASE}/admin/resources`));
  }

  createResource(body: unknown): Promise<ResourceInfo> {
    return firstValueFrom(this.http.post<ResourceInfo>(`${API_BASE}/admin/resources`, body));
  }

  updateResource(id: string, body: unknown): Promise<ResourceInfo> {
    return firstValueFrom(this.http.patch<ResourceInfo>(`${API_BASE}/admin/resources/${id}`, body));
  }

  retireResource(id: string): Promise<ResourceInfo> {
    return firstValueFrom(this.http.delete<ResourceInfo>(`${API_BASE}/admin/resources/${id}`));
  }

  rules(type: ResourceType): Promise<BookingRulesInfo> {
    return firstValueFrom(this.http.get<BookingRulesInfo>(`${API_BASE}/admin/booking-rules/${type}`));
  }
}
