// Signed slash-command requests, as Slack sends them to POST /slack/events.
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandFields {
  readonly command: string;
  readonly text?: string;
  readonly user_id?: string;
  readonly user_name?: string;
  readonly team_id?: string;
  readonly channel_id?: string;
  readonly response_url?: string;
}

/** The form fields Slack sends for a slash command (the ones Bolt and the adapter read). */
export function slashCommandBody(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0FAKE',
    team_domain: 'fake-newsroom',
    channel_id: 'C0NEWS',
    channel_name: 'newsroom',
    user_id: 'U0READER',
    user_name: 'reader',
    text: '',
    api_app_id: 'A0FAKE',
    response_url: 'http://127.0.0.1:9/respond/unused',
    trigger_id: '1.2.3',
    ...fields,
  };
}

export interface SignOptions {
  readonly secret: string;
  /** Seconds since the epoch; default now. */
  readonly timestamp?: number;
  /** Replace the computed signature (null: send none). */
  readonly signature?: string | null;
  readonly contentType?: string;
}

/** Headers and body of a signed request, ready for fetch(). */
export function signedRequest(form: Record<string, string>, options: SignOptions): { headers: Record<string, string>; body: string } {
  const body = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature = options.signature === undefined ? slackSignature(options.secret, timestamp, body) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return { headers, body };
}

export async function postSlashCommand(url: string, fields: SlashCommandFields, options: SignOptions): Promise<{ status: number; json: Record<string, unknown> | undefined; text: string }> {
  const { headers, body } = signedRequest(slashCommandBody(fields), options);
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
