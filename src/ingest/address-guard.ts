// Which addresses the newsroom may fetch from. A moderator's feed URL, a feed item's link or a
// redirect must not make the bot request services on its own network (cloud metadata at
// 169.254.169.254, a Redis on 127.0.0.1), so by default only public unicast addresses are reached.
// The check runs when a connection is opened, on the address actually dialled: a name that
// resolved to a public address once and to a private one later (DNS rebinding) is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, type Dispatcher } from 'undici';

/** ipaddr.js's name for an address's range ('unicast', 'loopback', 'private', ...); IPv4-mapped IPv6 counts as IPv4. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

/** Public unicast only: not loopback, private, link-local, unique-local, CGNAT, multicast, reserved... */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && addressRange(address) === 'unicast';
}

/** A connection refused by the guard; its message is the one line the moderator and the log see. */
export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string, address: string) {
    const what = host === address ? `${address} is` : `${host} resolves to ${address},`;
    super(`${what} a private or local address; set FEEDS_ALLOW_PRIVATE=true to fetch from it`);
  }
}

export interface AddressGuardOptions {
  /** Fetch from any address (FEEDS_ALLOW_PRIVATE, and the operator's own CLI). */
  readonly allowPrivate?: boolean;
  /** Name resolution; tests give names of their own. Default: dns.lookup, as Node uses. */
  readonly lookup?: LookupFunction;
  /** Addresses treated as public: tests stand a loopback server in for a public one. */
  readonly trusted?: readonly string[];
}

/**
 * The connection pool every feed and page fetch goes through (redirect hops included), refusing
 * addresses that are not public unless allowed. One per poller or CLI run; close() when done.
 */
export class AddressGuard {
  readonly dispatcher: Dispatcher;
  private readonly allowPrivate: boolean;
  private readonly lookup: LookupFunction;
  private readonly trusted: ReadonlySet<string>;

  constructor(options: AddressGuardOptions = {}) {
    this.allowPrivate = options.allowPrivate ?? false;
    this.lookup = options.lookup ?? (dnsLookup as LookupFunction);
    this.trusted = new Set((options.trusted ?? []).map((a) => ipaddr.process(a).toString()));
    if (this.allowPrivate) {
      this.dispatcher = new Agent();
      return;
    }
    const connect = buildConnector({ lookup: this.guardedLookup(), timeout: 10_000 });
    this.dispatcher = new Agent({
      // Node dials an IP literal without calling lookup, so literals are checked here.
      connect: (target, callback) => {
        if (isIP(target.hostname) && !this.admits(target.hostname)) return callback(new PrivateAddressError(target.hostname, target.hostname), null);
        connect(target, callback);
      },
    });
  }

  /** Whether the guard would dial this address. */
  admits(address: string): boolean {
    return this.allowPrivate || isPublicAddress(address) || (ipaddr.isValid(address) && this.trusted.has(ipaddr.process(address).toString()));
  }

  /**
   * Refuses a URL whose host is, or only resolves to, addresses the guard would not dial; other
   * lookup failures are left to the fetch. /feeds add asks before following a feed.
   */
  async check(url: string): Promise<void> {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    if (this.allowPrivate) return;
    if (isIP(host)) {
      if (!this.admits(host)) throw new PrivateAddressError(host, host);
      return;
    }
    const addresses = await new Promise<LookupAddress[]>((resolve) =>
      this.lookup(host, { all: true }, (error, found) => resolve(error ? [] : (found as LookupAddress[]))),
    );
    if (addresses.length > 0 && !addresses.some((a) => this.admits(a.address))) throw new PrivateAddressError(host, addresses[0]!.address);
  }

  /** Drops its connections, aborting any request still on them; for when no fetch through it is wanted. */
  close(): Promise<void> {
    return this.dispatcher.destroy();
  }

  /** dns.lookup, keeping only admitted addresses; none left is a PrivateAddressError. */
  private guardedLookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.lookup(hostname, { ...options, all: true }, (error, found) => {
        if (error) return callback(error, '', 0);
        const addresses = found as LookupAddress[];
        const admitted = addresses.filter((a) => this.admits(a.address));
        if (admitted.length === 0) return callback(new PrivateAddressError(hostname, addresses[0]?.address ?? hostname), '', 0);
        if (options.all) return callback(null, admitted);
        callback(null, admitted[0]!.address, admitted[0]!.family);
      });
    };
  }
}
