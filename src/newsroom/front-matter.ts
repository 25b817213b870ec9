// YAML front matter between "---" lines. Parsed with the `yaml` package; the split itself is three
// lines, so no front-matter library (gray-matter is unmaintained and pulls in js-yaml 3).
import { parse } from 'yaml';

export class FrontMatterError extends Error {}

export function parseFrontMatter(text: string, file: string): { data: Record<string, unknown>; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new FrontMatterError(`${file}: no front matter (the file must start with a "---" line)`);
  let data: unknown;
  try {
    data = parse(match[1]!);
  } catch (error) {
    throw new FrontMatterError(`${file}: front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError(`${file}: front matter must be a YAML mapping of fields`);
  }
  return { data: data as Record<string, unknown>, body: match[2]! };
}
