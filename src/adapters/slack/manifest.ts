// The Slack app manifest, built from the same command definitions the bot answers, so "create
// from manifest" installs exactly the commands this code serves (plus the umbrella /newsroom).
import { usage } from '../../core/arguments';
import { type Command, described } from '../../core/command';
import { EVENTS_PATH } from './http-mode';
import { UMBRELLA_COMMAND } from './slash-commands';

/**
 * commands: the slash commands; chat:write: answers and digests; users:read: admin/owner check;
 * channels:history, groups:history: after an unanswered digest post, look for it in the channel
 * (public, private) before posting it again.
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'users:read', 'channels:history', 'groups:history'] as const;

export interface ManifestOptions {
  /** Public URL of POST /slack/events; omit with socketMode. */
  readonly requestUrl?: string;
  readonly socketMode: boolean;
  readonly appName?: string;
}

export const PLACEHOLDER_URL = `https://YOUR-PUBLIC-HOST${EVENTS_PATH}`;

function hint(command: Command): string {
  // Slack gives an alert no thread of its own (Invocation.threads): such options are not offered.
  return usage(command.definition, undefined, { threads: false }).replace(/^\/\S+\s*/, '');
}

export function buildManifest(commands: readonly Command[], options: ManifestOptions) {
  const url = options.socketMode ? undefined : (options.requestUrl ?? PLACEHOLDER_URL);
  const slash = (command: string, description: string, usageHint: string) => ({
    command: `/${command}`,
    description: description.slice(0, 100),
    ...(usageHint && { usage_hint: usageHint.slice(0, 1000) }),
    ...(url && { url }),
    should_escape: false,
  });
  const names = commands.map((c) => c.definition.name);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: options.appName ?? 'Newsroom',
      description: 'The newsroom’s articles in Slack: summaries, quotes with speakers, digests and the COVID-19 notice.',
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: (options.appName ?? 'Newsroom').toLowerCase(), always_online: true },
      slash_commands: [
        ...commands.map((c) => slash(c.definition.name, described(c.definition), hint(c))),
        slash(UMBRELLA_COMMAND, 'Every newsroom command under one name', `<${names.join('|')}> [options]`),
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}
