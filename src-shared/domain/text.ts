// Characters a signing service cannot take in a text field: XML 1.0 has no way to carry most C0
// controls (a NUL made the service refuse a whole job with a schema error), and the rest are
// invisible to the person reading the text.

/** Unpaired UTF-16 surrogates and the non-characters U+FFFE/U+FFFF are not valid XML either. */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/;
/** Every C0 and C1 control and DEL, and the Unicode line and paragraph separators. */
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** In a text of several lines, tab, line feed and carriage return belong; other controls do not. */
const TEXT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** True when a one-line text (a title, a reference) holds a line break or another control character. */
export function hasLineControlCharacters(text: string): boolean {
  return LINE_CONTROLS.test(text) || NOT_XML.test(text);
}

/** True when a text of several lines (a message) holds a control character other than tab and line breaks. */
export function hasTextControlCharacters(text: string): boolean {
  return TEXT_CONTROLS.test(text) || NOT_XML.test(text);
}
