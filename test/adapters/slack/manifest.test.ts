import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { usage } from '../../../src/core/arguments';
import { defineCommand } from '../../../commands/context';
import { BOT_SCOPES, buildManifest } from '../../../src/adapters/slack/manifest';
import { ROOT } from '../../support/newsroom';

describe('Slack app manifest', () => {
  it('lists every command with its description and usage hint, plus /newsroom, with the request URL', () => {
    const manifest = buildManifest(commands, { socketMode: false, requestUrl: 'https://bot.example.org/slack/events' });
    const slash = manifest.features.slash_commands;
    expect(slash.map((c) => c.command)).toEqual([...commands.map((c) => `/${c.definition.name}`), '/newsroom']);
    for (const { definition } of commands) {
      const entry = slash.find((c) => c.command === `/${definition.name}`)!;
      expect(entry.description).toContain(definition.description.slice(0, 60));
      // Slack offers no thread of its own per post: options that need one are left out.
      expect(`/${definition.name} ${entry.usage_hint ?? ''}`.trim()).toBe(usage(definition, undefined, { threads: false }));
      expect(entry.url).toBe('https://bot.example.org/slack/events');
    }
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('hints each subcommand with its own options', () => {
    const slash = buildManifest(commands, { socketMode: true }).features.slash_commands;
    expect(slash.find((c) => c.command === '/digest')!.usage_hint).toBe('subscribe [time] [timezone] [count] [days] [skip|post] | unsubscribe | status | preview [count]');
    expect(slash.find((c) => c.command === '/feeds')!.usage_hint).toBe('add [url] [live|digest] [match] [exclude] | remove [url] | list | test [url] [match] [exclude]');
  });

  it('picks up a new command without an edit, and drops URLs in Socket Mode', () => {
    const extra = defineCommand({ name: 'corrections', description: 'Recent corrections', options: [{ name: 'days', description: 'How far back', type: 'integer' }] }, () => ({ visibility: 'public' }));
    const manifest = buildManifest([...commands, extra], { socketMode: true });
    const entry = manifest.features.slash_commands.find((c) => c.command === '/corrections');
    expect(entry).toMatchObject({ description: 'Recent corrections', usage_hint: '[days]' });
    expect(manifest.features.slash_commands.every((c) => !('url' in c))).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('prints as `npm run slack:manifest` does', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/adapters/slack/print-manifest.ts', '--socket-mode'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.settings.socket_mode_enabled).toBe(true);
    expect(printed.features.slash_commands).toHaveLength(commands.length + 1);
  });
});
