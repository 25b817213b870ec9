// The seed story in its two forms, both in the repository: the page as it was scraped (banners,
// the headline twice, "Click to continue reading"; an unedited copy of the original seed page) and
// the content article made from it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Article, parseArticle } from '../../src/newsroom/article';

export const SEED_RAW = fileURLToPath(new URL('../fixtures/seeds/kim-jong-un-arrives-in-russia.raw.txt', import.meta.url));
export const SEED_ARTICLE = fileURLToPath(new URL('../../content/articles/2023-09-12-kim-jong-un-arrives-in-russia.md', import.meta.url));

export const readSeedPage = (): string => readFileSync(SEED_RAW, 'utf8');
export const readSeedArticle = (): Article => parseArticle(readFileSync(SEED_ARTICLE, 'utf8'), SEED_ARTICLE);
