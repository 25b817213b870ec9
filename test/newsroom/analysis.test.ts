// What the bot shows about an article is computed once: a second command reads it from the archive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import quote from '../../commands/quote';
import summary from '../../commands/summary';
import pino from 'pino';
import { noMeter, systemClock } from '../../src/core/context';
import { Dispatcher } from '../../src/core/dispatcher';
import { analyzeArticle } from '../../src/newsroom/analysis';
import { parseArticle } from '../../src/newsroom/article';
import { Articles } from '../../src/newsroom/articles';
import { archiveWith } from '../support/archive';
import { loadNotice } from '../../src/newsroom/notice';
import { WorkspaceSettings } from '../../src/newsroom/settings';
import { MemoryStore } from '../../src/store/memory';

const root = join(import.meta.dirname, '../..');
const seedFile = join(root, 'content/articles/2023-09-12-kim-jong-un-arrives-in-russia.md');
const silent = pino({ level: 'silent' });

describe('analyzeArticle', () => {
  it('computes the summaries, quotes and notice once per article across commands', async () => {
    const covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
    const article = parseArticle(readFileSync(seedFile, 'utf8'), seedFile);
    let analyses = 0;
    // Filed without its analysis (as a record an older version stored): computed on first use, kept.
    const articles = new Articles(await archiveWith([article]), async (a) => {
      analyses++;
      return analyzeArticle(a, covid);
    });
    const store = new MemoryStore();
    const newsroom = { articles, notices: { covid }, settings: new WorkspaceSettings(store, systemClock, silent), store, clock: systemClock, logger: silent, meter: noMeter };
    const dispatcher = new Dispatcher(newsroom, [summary, quote]);
    const user = { platform: 'console' as const, workspaceId: 'w', channelId: 'c', user: { id: 'u', name: 'U', isModerator: false } };

    const first = await dispatcher.dispatch(user, 'summary', 'kim russia');
    const second = await dispatcher.dispatch(user, 'quote', 'kim russia');
    await dispatcher.dispatch(user, 'summary', 'kim russia long');
    expect(first.text).toContain('Kim Jong Un has arrived in Russia');
    expect(second.quotes?.length ?? second.text?.length ?? 0).toBeGreaterThan(0);
    expect(analyses).toBe(1);
  });

  it('gives each length its own number of sentences and the seed its notice', async () => {
    const covid = await loadNotice(join(root, 'content/notices/covid-19.md'));
    const analysis = analyzeArticle(parseArticle(readFileSync(seedFile, 'utf8'), seedFile), covid);
    expect([analysis.summaries.short.length, analysis.summaries.medium.length, analysis.summaries.long.length]).toEqual([1, 2, 3]);
    expect(analysis.covid).toMatchObject({ applies: true, terms: ['pandemic isolation'] });
    expect(analysis.quotes.map((q) => q.speaker)).toContain('Pat Ryder');
  });
});
