// Slack's settings (SLACK_* keys), read without loading Bolt.
import { z } from 'zod';
import { idList, optionalText, port, readWith, url } from '../../settings';

export interface SlackSettings {
  readonly botToken: string;
  readonly signingSecret?: string;
  readonly appToken?: string;
  readonly port: number;
  readonly apiUrl?: string;
  readonly moderatorIds: readonly string[];
}

const SlackEnv = z
  .object({
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_PORT: port(3000),
    SLACK_API_URL: url,
    SLACK_MODERATOR_IDS: idList,
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SLACK_SIGNING_SECRET'], message: 'is required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' });
    }
  })
  .transform((e): SlackSettings | undefined =>
    e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          ...(e.SLACK_SIGNING_SECRET && { signingSecret: e.SLACK_SIGNING_SECRET }),
          ...(e.SLACK_APP_TOKEN && { appToken: e.SLACK_APP_TOKEN }),
          port: e.SLACK_PORT ?? 3000,
          ...(e.SLACK_API_URL && { apiUrl: e.SLACK_API_URL }),
          moderatorIds: e.SLACK_MODERATOR_IDS,
        }
      : undefined,
  );

export const readSlackSettings = readWith<SlackSettings>(SlackEnv);
