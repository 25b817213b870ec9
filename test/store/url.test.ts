// STORE_URL's ?namespace=: parsed off before the URL reaches a client, checked before anything opens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, sqlitePath } from '../../src/store/open';
import { parseStoreUrl } from '../../src/store/url';

describe('parseStoreUrl', () => {
  it('defaults to newsroom, where data written before the parameter existed lives', () => {
    expect(parseStoreUrl('redis://127.0.0.1:6379/0')).toEqual({ url: 'redis://127.0.0.1:6379/0', namespace: 'newsroom' });
    expect(parseStoreUrl('sqlite://data/newsroom.sqlite')).toEqual({ url: 'sqlite://data/newsroom.sqlite', namespace: 'newsroom' });
  });

  it('takes the namespace off and leaves every other parameter as written', () => {
    expect(parseStoreUrl('redis://127.0.0.1:6379/0?namespace=staging')).toEqual({ url: 'redis://127.0.0.1:6379/0', namespace: 'staging' });
    expect(parseStoreUrl('postgres://bot:p%40ss@db:5432/news?sslmode=require&namespace=Bot_2-b&application_name=x%20y')).toEqual({
      url: 'postgres://bot:p%40ss@db:5432/news?sslmode=require&application_name=x%20y',
      namespace: 'Bot_2-b',
    });
    expect(parseStoreUrl('memory://?namespace=t1')).toEqual({ url: 'memory://', namespace: 't1' });
    expect(sqlitePath('sqlite:///var/lib/bot/store.sqlite?namespace=staging')).toBe('/var/lib/bot/store.sqlite');
  });

  it.each([
    ['redis://h?namespace=', '(got "")'],
    ['redis://h?namespace=a:b', '(got "a:b")'],
    ['redis://h?namespace=a*', '(got "a*")'],
    ['redis://h?namespace=caf%C3%A9', '(got "café")'],
    ['postgres://h/db?namespace=a&namespace=b', 'namespace is given 2 times'],
  ])('refuses %s, naming STORE_URL', (url, detail) => {
    expect(() => parseStoreUrl(url)).toThrow(/^STORE_URL: /);
    expect(() => parseStoreUrl(url)).toThrow(detail);
  });

  it('openStore refuses a bad namespace before opening anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-url-'));
    try {
      await expect(openStore(`sqlite://${join(dir, 'x.sqlite')}?namespace=no%20spaces`)).rejects.toThrow('STORE_URL: namespace must be letters, digits');
      await expect(openStore('redis://127.0.0.1:6379?namespace=a:b')).rejects.toThrow('STORE_URL: namespace');
      await expect(openStore('memory://?namespace=a/b')).rejects.toThrow('STORE_URL: namespace');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
