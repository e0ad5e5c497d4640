import type { FieldError } from '@agendy/shared/contracts';
import type { z } from 'zod';
import { DomainException } from './domain-exception';

function pointerOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

const CS_BY_CODE: Record<string, string> = {
  invalid_type: 'Hodnota má nesprávný typ nebo chybí.',
  too_small: 'Hodnota je příliš krátká nebo malá.',
  too_big: 'Hodnota je příliš dlouhá nebo velká.',
  invalid_format: 'Hodnota nemá správný formát.',
  unrecognized_keys: 'Obsahuje nepovolená pole.',
  invalid_value: 'Hodnota není povolená.',
};

/** Parses a request body with a zod schema; every problem comes back as a FieldError with a JSON pointer. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    pointer: pointerOf(issue.path),
    rule: issue.code,
    message: { cs: CS_BY_CODE[issue.code] ?? 'Neplatná hodnota.', en: issue.message },
  }));
  throw new DomainException('VALIDATION_FAILED', 'The request body is invalid', { errors });
}
