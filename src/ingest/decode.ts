// Bytes to text: the charset from the Content-Type header, else a BOM, else the document's own
// declaration (<?xml encoding=...?> or <meta charset>), else UTF-8.

/** Thrown when a document names an encoding we cannot decode. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';
}

// Node 20's TextDecoder decodes windows-1252 (and latin1/ascii, its WHATWG aliases) as ISO-8859-1,
// leaving 0x80-0x9F as control characters; this table restores curly quotes, dashes, euro, etc.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function charsetOf(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

/** The encoding a document declares in its first bytes (read as ASCII, which every label is). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  return (
    /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1]
  );
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

export function decodeText(bytes: Uint8Array, contentType?: string | null): string {
  const label = bomCharset(bytes) ?? charsetOf(contentType) ?? declaredCharset(bytes) ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new EncodingError(`unsupported text encoding "${label.slice(0, 40)}"`);
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c: string) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
