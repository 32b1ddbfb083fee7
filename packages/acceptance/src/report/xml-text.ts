/** The characters XML 1.0 can carry: tab, line feed, carriage return, and the planes without surrogates and U+FFFE/U+FFFF. */
function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Shows what XML cannot carry even escaped as `\u0007`, so a connector's stray control byte stays visible. */
function replaceUnrepresentable(text: string): string {
  let representable = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    representable += isXmlCharacter(code) ? character : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return representable;
}

export function escapeXmlText(text: string): string {
  return replaceUnrepresentable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Also escapes quotes, and line breaks and tabs, which attribute normalisation would otherwise turn into spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
