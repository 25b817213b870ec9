// Cutting text to a platform's limit cleanly: at a word boundary when one is near, never through
// a surrogate pair (half an emoji), ending in "…".

export interface TruncateOptions {
  /** Cut back to a word boundary only if it keeps at least this share of `max` (default 0.8). */
  readonly keepAtLeast?: number;
  /** A tail to drop after cutting (e.g. a half-cut `&amp;` entity in Slack text). */
  readonly dropTail?: RegExp;
}

export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const lastCode = cut.charCodeAt(cut.length - 1);
  if (lastCode >= 0xd800 && lastCode <= 0xdbff) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/);
  if (space > max * (options.keepAtLeast ?? 0.8)) cut = cut.slice(0, space);
  if (options.dropTail) cut = cut.replace(options.dropTail, '');
  return `${cut.trimEnd()}…`;
}
