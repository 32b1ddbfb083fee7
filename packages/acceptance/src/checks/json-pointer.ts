/** A step into a JSON document: an object key or an array index. */
export type PathSegment = string | number;

/** Builds an RFC 6901 JSON pointer, escaping `~` and `/` in keys; the empty path is the root, "". */
export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The segments of an RFC 6901 JSON pointer; array indexes stay strings. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
