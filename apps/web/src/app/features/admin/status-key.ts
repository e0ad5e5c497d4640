import type { AgendaVersionStatus } from '@agendy/shared/contracts';
import type { TranslationKey } from '../../core/i18n/dictionary';

export function statusKey(status: AgendaVersionStatus): TranslationKey {
  return status === 'draft' ? 'admin.status.draft' : status === 'published' ? 'admin.status.published' : 'admin.status.retired';
}
