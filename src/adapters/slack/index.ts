// Slack adapter (@slack/bolt). Built in issue 4; main.ts calls createSlackAdapter when SLACK_* is set.
import type { Config } from '../../config';
import type { Adapter } from '../../core/adapter';
import type { Newsroom } from '../../core/context';
import type { Dispatcher } from '../../core/dispatcher';

export interface SlackAdapterDeps {
  readonly config: NonNullable<Config['slack']>;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
}

export async function createSlackAdapter(_deps: SlackAdapterDeps): Promise<Adapter> {
  throw new Error('the Slack adapter is not built yet');
}
