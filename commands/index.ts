// Every command the bot answers, in the order /help lists them. Adding a command: write
// commands/<name>.ts with defineCommand(...) from ./context and add it here; every adapter picks it up.
import advisory from './advisory';
import covidNotice from './covid-notice';
import digest from './digest';
import feeds from './feeds';
import help from './help';
import news from './news';
import quote from './quote';
import search from './search';
import summary from './summary';
import type { NewsroomCommand } from './context';

export const commands: readonly NewsroomCommand[] = [news, summary, quote, search, advisory, covidNotice, digest, feeds, help];
