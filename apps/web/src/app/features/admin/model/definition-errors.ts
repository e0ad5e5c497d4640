import type { DefinitionError } from '@agendy/workflow/engine';

/** Errors of the definition located at one element: a state, a transition or a form field. */
export interface LocatedErrors {
  states: Map<number, DefinitionError[]>;
  transitions: Map<number, DefinitionError[]>;
  fields: Map<string, DefinitionError[]>;
  other: DefinitionError[];
}

function add<K>(map: Map<K, DefinitionError[]>, key: K, e: DefinitionError): void {
  map.set(key, [...(map.get(key) ?? []), e]);
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Sorts validator errors to where the designer shows them, by their JSON pointer. */
export function locateErrors(errors: readonly DefinitionError[]): LocatedErrors {
  const located: LocatedErrors = { states: new Map(), transitions: new Map(), fields: new Map(), other: [] };
  for (const e of errors) {
    const p = e.pointer.split('/').slice(1).map(unescape);
    if (p[0] === 'workflow' && p[1] === 'states' && /^\d+$/.test(p[2] ?? '')) add(located.states, Number(p[2]), e);
    else if (p[0] === 'workflow' && p[1] === 'transitions' && /^\d+$/.test(p[2] ?? '')) add(located.transitions, Number(p[2]), e);
    else if (p[0] === 'form' && p[1] === 'schema' && p[2] === 'properties' && p[3]) add(located.fields, p[3], e);
    else if (p[0] === 'form' && p[1] === 'ui' && p[2] === 'fields' && p[3]) add(located.fields, p[3], e);
    else located.other.push(e);
  }
  return located;
}
