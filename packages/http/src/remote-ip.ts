// The client address for plain node:http servers, trust-proxy aware. Express and Koa compute it
// themselves (`req.ip` under `trust proxy`, `ctx.ip` under `app.proxy`); their adapters pass that on.
import { BlockList, isIP, isIPv4 } from 'node:net';

/**
 * Which proxies in front of the server are trusted to report the client address in
 * `X-Forwarded-For`, as in Express's `trust proxy` setting:
 * - `false`: none, the client is the socket's peer;
 * - `true`: all, the client is the left-most address;
 * - a number `n`: the `n` hops nearest the server;
 * - addresses and CIDR subnets (an array, or a comma-separated string), plus the names
 *   `loopback`, `linklocal` and `uniquelocal`;
 * - a function `(address, hop) => boolean`, hop 0 being the socket's peer.
 */
export type TrustProxy = boolean | number | string | readonly string[] | ((address: string, hop: number) => boolean);

export type TrustPredicate = (address: string, hop: number) => boolean;

const NAMED_SUBNETS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Compiles the option once; `undefined` means "trust nobody" (the fast path). */
export function compileTrustProxy(option: TrustProxy | undefined): TrustPredicate | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return () => true;
  if (typeof option === 'function') return option;
  if (typeof option === 'number') {
    if (!Number.isInteger(option) || option < 0) {
      throw new TypeError(`cloudlog: trustProxy as a number is a count of hops (an integer >= 0), got ${option}`);
    }
    return option === 0 ? undefined : (_address, hop) => hop < option;
  }
  const entries = typeof option === 'string' ? option.split(',') : option;
  if (!Array.isArray(entries)) {
    throw new TypeError(
      'cloudlog: trustProxy must be a boolean, a hop count, addresses/subnets (array or comma-separated string) or a function',
    );
  }
  const list = new BlockList();
  for (const raw of entries as readonly unknown[]) {
    if (typeof raw !== 'string') throw new TypeError(`cloudlog: trustProxy entries must be strings, got ${typeof raw}`);
    const entry = raw.trim();
    for (const subnet of NAMED_SUBNETS[entry] ?? [entry]) addSubnet(list, subnet);
  }
  return (address) => {
    const plain = unmapIPv4(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Walks from the socket's peer towards the client through `X-Forwarded-For`, right to left,
 * while each hop is trusted; returns the first untrusted address. An entry that is not an IP
 * address stops the walk at the proxy that sent it.
 */
export function remoteIpFrom(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trust: TrustPredicate | undefined,
): string | undefined {
  if (trust === undefined || peer === undefined || typeof forwardedFor !== 'string') return peer;
  let address = peer;
  if (!trust(address, 0)) return address;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1, hop = 1; i >= 0; i--, hop++) {
    const next = (hops[i] as string).trim();
    if (isIP(next) === 0) return address;
    address = next;
    if (!trust(address, hop)) return address;
  }
  return address;
}

function addSubnet(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = unmapIPv4(slash === -1 ? entry : entry.slice(0, slash));
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = slash === -1 ? max : Number(entry.slice(slash + 1));
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new TypeError(
      `cloudlog: trustProxy entry ${JSON.stringify(entry)} is not an IP address, a CIDR subnet or one of loopback, linklocal, uniquelocal`,
    );
  }
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is checked as `10.0.0.1`. */
function unmapIPv4(address: string): string {
  if (address.startsWith('::ffff:')) {
    const v4 = address.slice(7);
    if (isIPv4(v4)) return v4;
  }
  return address;
}
