// The building blocks of every setting read from the environment (zod schemas), shared by
// src/config.ts and each platform's own settings (src/adapters/<platform>/settings.ts).
import { z } from 'zod';

/** The environment as read: every key a string or unset (an empty value already means unset). */
export type Env = Readonly<Record<string, string | undefined>>;

/** One problem with one key, reported with the rest ("  KEY message"). */
export interface SettingProblem {
  readonly key: string;
  readonly message: string;
}

/** What a platform's settings reader returns: its settings (undefined when not configured), or the problems. */
export type SettingsRead<S> = { readonly settings: S | undefined; readonly problems: readonly SettingProblem[] };

/** A settings reader from a zod schema over the environment whose output is the settings. */
export function readWith<S>(schema: z.ZodType<S | undefined, z.ZodTypeDef, unknown>): (env: Env) => SettingsRead<S> {
  return (env) => {
    const result = schema.safeParse(env);
    if (result.success) return { settings: result.data, problems: [] };
    return { settings: undefined, problems: result.error.issues.map((i) => ({ key: i.path.join('.') || '(environment)', message: i.message })) };
  };
}

export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/**
 * An optional setting: unset or empty gives `fallback`; otherwise `read` turns the text into the
 * value, and undefined from it means the text is not one ("must be <expected> (got ...)").
 */
export function setting<T>(fallback: T, read: (text: string) => T | undefined, expected: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const value = read(v);
      if (value === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${expected} (got "${v}")` });
        return z.NEVER;
      }
      return value;
    });
}

export const port = (fallback: number | undefined) =>
  setting(fallback, (v) => (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 65535 ? Number(v) : undefined), 'a port number 0-65535');

export const url = setting<string | undefined>(
  undefined,
  (v) => {
    try {
      new URL(v);
      return v;
    } catch {
      return undefined;
    }
  },
  'a URL',
);

/** true/false (also 1/0, yes/no, on/off); unset or empty is false. */
const FLAG_WORDS = new Map(Object.entries({ true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false }));
export const flag = setting(false, (v) => FLAG_WORDS.get(v.toLowerCase()), 'true or false');

