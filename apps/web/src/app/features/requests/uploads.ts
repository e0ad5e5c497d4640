import type { WritableSignal } from '@angular/core';
import type { AttachmentInfo } from '@agendy/shared/contracts';
import type { RequestsService } from '@agendy/web/request/data-access';
import type { AgendaFormSpec, AttachmentRef, FormValue } from '@agendy/web/request/ui-form';
import type { ErrorMessages } from '../../core/http/error-messages';
import type { TranslationService } from '../../core/i18n/translation.service';

export interface UploadState {
  key: number;
  name: string;
  percent: number;
  /** null while uploading; the outcome sentence afterwards. */
  done: 'ok' | 'error' | null;
  text: string;
}

let nextKey = 0;

/** Uploads files one after another, with progress rows in `state`; returns what was stored. */
export async function uploadAll(
  requests: Pick<RequestsService, 'upload'>,
  requestId: string,
  files: readonly File[],
  state: WritableSignal<UploadState[]>,
  i18n: TranslationService,
  errors: ErrorMessages,
): Promise<AttachmentInfo[]> {
  const stored: AttachmentInfo[] = [];
  for (const file of files) {
    const key = ++nextKey;
    const set = (change: Partial<UploadState>) => state.update((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
    state.update((list) => [...list.filter((u) => u.done !== 'ok'), { key, name: file.name, percent: 0, done: null, text: i18n.t('detail.uploading', { name: file.name, percent: 0 }) }]);
    try {
      const info = await requests.upload(requestId, file, ({ loaded, total }) => {
        const percent = total ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
        set({ percent, text: i18n.t('detail.uploading', { name: file.name, percent }) });
      });
      stored.push(info);
      set({ percent: 100, done: 'ok', text: i18n.t('detail.uploaded', { name: file.name }) });
    } catch (error) {
      set({ done: 'error', text: `${file.name}: ${errors.describe(error).message}` });
    }
  }
  return stored;
}

/**
 * Puts uploaded files into an attachment field: appended to a list field, else the first one. The
 * renderer shows a picked file at once under a placeholder id (`local-…`); those of the picked
 * names are replaced here by the stored files (or dropped when their upload failed).
 */
export function attachToForm(form: AgendaFormSpec, value: FormValue, field: string, files: readonly AttachmentInfo[], picked: readonly string[] = []): FormValue {
  const refs: AttachmentRef[] = files.map((f) => ({ fileId: f.fileId, name: f.name, mediaType: f.mediaType, size: f.size }));
  const names = new Set([...picked, ...files.map((f) => f.name)]);
  const isPlaceholder = (ref: unknown): boolean => {
    const r = ref as Partial<AttachmentRef> | null;
    return !!r && typeof r.fileId === 'string' && r.fileId.startsWith('local-') && names.has(r.name ?? '');
  };
  const properties = (form.schema['properties'] ?? {}) as Record<string, { type?: string }>;
  if (properties[field]?.type === 'array') {
    const existing = Array.isArray(value[field]) ? (value[field] as unknown[]).filter((r) => !isPlaceholder(r)) : [];
    const next = [...existing, ...refs];
    const { [field]: _old, ...rest } = value;
    return next.length ? { ...rest, [field]: next } : rest;
  }
  if (refs[0]) return { ...value, [field]: refs[0] };
  if (!isPlaceholder(value[field])) return value;
  const { [field]: _dropped, ...rest } = value;
  return rest;
}
