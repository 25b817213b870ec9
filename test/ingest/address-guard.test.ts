// Which addresses the feed fetcher may dial: public unicast only, IPv4-mapped IPv6 judged as IPv4.
import { describe, expect, it } from 'vitest';
import { AddressGuard, addressRange, isPublicAddress } from '../../src/ingest/address-guard';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'rfc6052'],
  ])('refuses %s (%s)', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '2606:4700::1', '::ffff:93.184.216.34'])('allows %s', (address) => {
    expect(addressRange(address)).toBe('unicast');
    expect(isPublicAddress(address)).toBe(true);
  });

  it('is false for what is not an address', () => {
    expect(isPublicAddress('example.com')).toBe(false);
  });
});

describe('AddressGuard.check (before /feeds add follows a URL)', () => {
  const guard = new AddressGuard();

  it('refuses an IP literal, bracketed IPv6 included, in one line', async () => {
    await expect(guard.check('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(
      '169.254.169.254 is a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it',
    );
    await expect(guard.check('http://[::1]:6379/')).rejects.toThrow('::1 is a private or local address');
    await expect(guard.check('http://[::ffff:127.0.0.1]/')).rejects.toThrow(/is a private or local address/);
  });

  it('refuses a name that resolves only to private addresses, naming both', async () => {
    await expect(guard.check('http://localhost:6379/')).rejects.toThrow('localhost resolves to 127.0.0.1, a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it');
  });

  it('lets a public literal through, and leaves a name that does not resolve to the fetch', async () => {
    await expect(guard.check('https://93.184.216.34/feed.xml')).resolves.toBeUndefined();
    const offline = new AddressGuard({ lookup: (_host, _options, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), '', 0) });
    await expect(offline.check('https://news.example.test/feed.xml')).resolves.toBeUndefined();
  });

  it('with allowPrivate, refuses nothing', async () => {
    await expect(new AddressGuard({ allowPrivate: true }).check('http://127.0.0.1:6379/')).resolves.toBeUndefined();
  });
});
