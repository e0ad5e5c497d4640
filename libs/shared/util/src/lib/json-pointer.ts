/** RFC 6901 JSON pointers: how every validation error says *where* it is. */

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toJsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + escapePointerSegment(s)).join('');
}

export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Not a JSON pointer: "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function appendPointer(pointer: string, ...segments: Array<string | number>): string {
  return pointer + toJsonPointer(segments);
}
