// The neutral answer every command gives. Adapters render it within their platform's limits:
// console plain text, Slack Block Kit, Discord embeds.

export type Visibility = 'public' | 'ephemeral';

export interface ReplyField {
  readonly name: string;
  readonly value: string;
}

/** One article in a list (news, search, digest). */
export interface ReplyItem {
  readonly title: string;
  readonly url?: string;
  /** Short line under the title: date, source, score. */
  readonly meta?: string;
  readonly text?: string;
}

export interface ReplyQuote {
  readonly text: string;
  readonly speaker: string | null;
}

/** The COVID-19 notice as attached to an answer: wording plus the CDC link. */
export interface ReplyNotice {
  readonly text: string;
  readonly url: string;
  readonly linkText: string;
}

export interface Reply {
  readonly title?: string;
  readonly url?: string;
  readonly text?: string;
  readonly fields?: readonly ReplyField[];
  readonly items?: readonly ReplyItem[];
  readonly quotes?: readonly ReplyQuote[];
  readonly notice?: ReplyNotice;
  /** Source and date line. */
  readonly footer?: string;
  readonly visibility: Visibility;
  /** What kind of answer this is, for logs and metrics: ok, refused (user error), error (internal). */
  readonly outcome?: 'ok' | 'refused' | 'error';
}
