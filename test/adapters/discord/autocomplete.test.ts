// Autocomplete on article options: type 4 interaction -> type 8 callback with at most 25 titles.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands';
import { defineCommand } from '../../../commands/context';
import { articleSuggestions } from '../../../src/newsroom/format';
import { autocomplete } from '../../fakes/discord-interactions';
import { type RunningBot, startBot } from './harness';

/** A content folder with the real notice and 30 short articles about harbours and one about a fire. */
function newsroomWithManyArticles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'discord-autocomplete-'));
  cpSync('content/notices', join(dir, 'notices'), { recursive: true });
  mkdirSync(join(dir, 'articles'));
  const article = (slug: string, title: string, day: number) =>
    `---\nslug: ${slug}\ntitle: "${title}"\npublished: 2024-03-${String(day).padStart(2, '0')}\n---\n\n${title}. The council met on Tuesday.\n`;
  for (let i = 1; i <= 30; i++) writeFileSync(join(dir, 'articles', `harbour-${i}.md`), article(`harbour-report-${i}`, `Harbour report number ${i}`, (i % 28) + 1));
  writeFileSync(join(dir, 'articles', 'fire.md'), article('warehouse-fire', 'Fire destroys a warehouse by the river', 29));
  return dir;
}

/** No command in commands/ autocompletes inside a subcommand yet; this test-only one does. */
const clips = defineCommand(
  {
    name: 'clips',
    description: 'Saved articles (test only)',
    subcommands: [
      { name: 'save', description: 'Save an article', options: [{ name: 'article', description: 'Slug or title words', type: 'string', autocomplete: true }] },
      { name: 'list', description: 'The saved articles' },
    ],
  },
  () => ({ text: 'Saved.', visibility: 'ephemeral' }),
  async (ctx, _option, typed, limit) => articleSuggestions(await ctx.articles.suggest(typed, limit)),
);

describe('Discord autocomplete', () => {
  let running: RunningBot;
  let dir: string;
  beforeAll(async () => {
    dir = newsroomWithManyArticles();
    running = await startBot({ contentDir: dir, commands: [...commands, clips] });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function suggest(command: string, option: string, typed: string) {
    const { callback } = running.fake.interact(autocomplete(command, option, typed));
    const request = await callback;
    expect(request.body.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    return request.body.data.choices as { name: string; value: string }[];
  }

  it('offers at most 25 matching titles, valued by slug', async () => {
    const choices = await suggest('summary', 'article', 'harb');
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name).toMatch(/^Harbour report number \d+$/);
      expect(c.value).toMatch(/^harbour-report-\d+$/);
    }
  });

  it('narrows to what was typed', async () => {
    expect(await suggest('quote', 'article', 'warehouse fi')).toEqual([{ name: 'Fire destroys a warehouse by the river', value: 'warehouse-fire' }]);
    expect(await suggest('summary', 'article', 'nothing like this')).toEqual([]);
  });

  it('finds the focused option inside a subcommand', async () => {
    expect(await suggest('clips save', 'article', 'warehouse fi')).toEqual([{ name: 'Fire destroys a warehouse by the river', value: 'warehouse-fire' }]);
    expect(await suggest('digest subscribe', 'time', '07')).toEqual([]);
  });

  it('answers an empty list for an option that does not autocomplete, and for 6000 typed characters', async () => {
    expect(await suggest('quote', 'speaker', 'Pat')).toEqual([]);
    expect(await suggest('summary', 'article', 'h'.repeat(6000))).toEqual([]);
  });
});
