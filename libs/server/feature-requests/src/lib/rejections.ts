import type { FieldError } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import type { Rejection } from '@agendy/workflow/engine';

/** The engine's rejection codes as API errors; the Czech/English message travels as `detail` and `message`. */
export function rejectionToException(rejection: Rejection): DomainException {
  const extensions = { message: rejection.message };
  switch (rejection.code) {
    case 'NOT_ALLOWED':
      return new DomainException('FORBIDDEN', rejection.message.en, extensions);
    case 'STALE':
      return new DomainException('STALE', rejection.message.en, extensions);
    case 'WRONG_STATE':
      return new DomainException('WRONG_STATE', rejection.message.en, extensions);
    case 'GUARD_FAILED':
      return new DomainException('GUARD_FAILED', rejection.message.en, extensions);
    case 'INVALID_DATA': {
      const errors: FieldError[] = (rejection.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, rule: e.keyword, message: e.message }));
      return new DomainException('VALIDATION_FAILED', rejection.message.en, { ...extensions, errors });
    }
  }
}
