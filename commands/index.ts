// Every command the bot answers, in the order /help lists them. Adding a command: write
// commands/<name>.ts with defineCommand(...) and add it here; every adapter picks it up.
import type { Command } from '../src/core/command';
import advisory from './advisory';
import covidNotice from './covid-notice';
import digest from './digest';
import feeds from './feeds';
import help from './help';
import news from './news';
import quote from './quote';
import search from './search';
import summary from './summary';

export const commands: readonly Command[] = [news, summary, quote, search, advisory, covidNotice, digest, feeds, help];
