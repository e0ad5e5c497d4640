import type { ErrorObject } from 'ajv';
import type { LocalizedText } from '@agendy/shared/util';
import type { FormUi } from './definition.types';

/**
 * Ajv's messages are English and technical; clerks need Czech sentences that name the field
 * as it is labelled on the form. Each Ajv error keyword gets a message in both languages.
 */

const TYPE_NAMES: Record<string, LocalizedText> = {
  string: { cs: 'text', en: 'a text' },
  number: { cs: 'číslo', en: 'a number' },
  integer: { cs: 'celé číslo', en: 'a whole number' },
  boolean: { cs: 'ano, nebo ne', en: 'yes or no' },
  array: { cs: 'seznam', en: 'a list' },
  object: { cs: 'skupina údajů', en: 'a group of values' },
  null: { cs: 'prázdná hodnota', en: 'empty' },
};

const FORMAT_NAMES: Record<string, LocalizedText> = {
  date: { cs: 'datum ve tvaru RRRR-MM-DD', en: 'a date (YYYY-MM-DD)' },
  'date-time': { cs: 'datum a čas', en: 'a date and time' },
  time: { cs: 'čas', en: 'a time' },
  email: { cs: 'e-mailová adresa', en: 'an e-mail address' },
  uri: { cs: 'internetová adresa (URL)', en: 'a URL' },
  uuid: { cs: 'identifikátor UUID', en: 'a UUID' },
  ico: { cs: 'platné IČO (8 číslic s kontrolní číslicí)', en: 'a valid Czech company ID (IČO)' },
};

/** Czech plural: 1 den, 2–4 dny, 5 dní. */
export function czechPlural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  if (n >= 2 && n <= 4) return few;
  return many;
}

function formatNumber(n: unknown): string {
  // Czech thousands separator is a (non-breaking) space: 50 000.
  return typeof n === 'number' ? n.toLocaleString('cs-CZ').replace(/\u00a0/g, ' ') : String(n);
}

export function keywordMessage(error: ErrorObject): LocalizedText {
  const p = error.params as Record<string, unknown>;
  const limit = p['limit'] as number;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return { cs: 'je povinný údaj', en: 'is required' };
    case 'type': {
      const t = TYPE_NAMES[String(p['type']).split(',')[0]] ?? { cs: String(p['type']), en: String(p['type']) };
      return { cs: `musí být ${t.cs}`, en: `must be ${t.en}` };
    }
    case 'minimum':
      return { cs: `musí být alespoň ${formatNumber(limit)}`, en: `must be at least ${limit}` };
    case 'maximum':
      return { cs: `může být nejvýše ${formatNumber(limit)}`, en: `must be at most ${limit}` };
    case 'exclusiveMinimum':
      return { cs: `musí být větší než ${formatNumber(limit)}`, en: `must be greater than ${limit}` };
    case 'exclusiveMaximum':
      return { cs: `musí být menší než ${formatNumber(limit)}`, en: `must be less than ${limit}` };
    case 'minLength':
      return { cs: `musí mít alespoň ${limit} ${czechPlural(limit, 'znak', 'znaky', 'znaků')}`, en: `must have at least ${limit} characters` };
    case 'maxLength':
      return { cs: `může mít nejvýše ${limit} ${czechPlural(limit, 'znak', 'znaky', 'znaků')}`, en: `must have at most ${limit} characters` };
    case 'minItems':
      return { cs: `musí obsahovat alespoň ${limit} ${czechPlural(limit, 'položku', 'položky', 'položek')}`, en: `must have at least ${limit} items` };
    case 'maxItems':
      return { cs: `může obsahovat nejvýše ${limit} ${czechPlural(limit, 'položku', 'položky', 'položek')}`, en: `must have at most ${limit} items` };
    case 'uniqueItems':
      return { cs: 'nesmí obsahovat stejnou položku dvakrát', en: 'must not contain duplicate items' };
    case 'pattern':
      return { cs: 'nemá správný tvar', en: 'has an invalid format' };
    case 'format': {
      const f = FORMAT_NAMES[String(p['format'])] ?? { cs: `ve formátu ${p['format']}`, en: `in format ${p['format']}` };
      return { cs: `musí být ${f.cs}`, en: `must be ${f.en}` };
    }
    case 'enum':
      return { cs: 'musí být jedna z nabízených možností', en: 'must be one of the offered options' };
    case 'const':
      return { cs: `musí mít hodnotu ${JSON.stringify(p['allowedValue'])}`, en: `must equal ${JSON.stringify(p['allowedValue'])}` };
    case 'multipleOf':
      return { cs: `musí být násobkem ${formatNumber(p['multipleOf'])}`, en: `must be a multiple of ${p['multipleOf']}` };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { cs: 'formulář takový údaj nezná', en: 'is not a field of this form' };
    case 'anyOf':
    case 'oneOf':
      return { cs: 'neodpovídá žádné z povolených variant', en: 'matches none of the allowed variants' };
    case 'not':
      return { cs: 'má nepovolenou hodnotu', en: 'has a forbidden value' };
    default:
      return { cs: `není platná hodnota (${error.keyword})`, en: `is invalid (${error.keyword})` };
  }
}

/** "Rozpočet, řádek 2, Částka" for `/budget/1/amount`, falling back to the pointer itself. */
export function describeField(ui: FormUi, segments: string[]): LocalizedText {
  if (segments.length === 0) return { cs: 'Formulář', en: 'Form' };
  const field = ui.fields[segments[0]];
  if (!field) return { cs: segments.join('/'), en: segments.join('/') };
  const parts: LocalizedText[] = [{ cs: `„${field.label.cs}“`, en: `"${field.label.en}"` }];
  if (segments.length >= 2 && /^\d+$/.test(segments[1])) {
    const row = Number(segments[1]) + 1;
    parts.push({ cs: `řádek ${row}`, en: `row ${row}` });
    const column = segments[2] !== undefined ? field.columns?.[segments[2]] : undefined;
    if (column) parts.push({ cs: `„${column.label.cs}“`, en: `"${column.label.en}"` });
    else if (segments.length > 2) parts.push({ cs: segments.slice(2).join('/'), en: segments.slice(2).join('/') });
  } else if (segments.length > 1) {
    parts.push({ cs: segments.slice(1).join('/'), en: segments.slice(1).join('/') });
  }
  return { cs: parts.map((p) => p.cs).join(', '), en: parts.map((p) => p.en).join(', ') };
}

export function fieldMessage(where: LocalizedText, what: LocalizedText): LocalizedText {
  return { cs: `${where.cs}: ${what.cs}`, en: `${where.en}: ${what.en}` };
}
