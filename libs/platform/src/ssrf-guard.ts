import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';

export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

export interface SsrfGuardOptions {
  /** Lets loopback, private, link-local and CGNAT addresses through (self-hosted models). Cloud metadata stays blocked. */
  allowPrivate?: boolean;
  /** Hostnames or IP literals trusted as they are (exact, case-insensitive): their addresses are not checked. */
  allowHosts?: string[];
  /** Resolver; `dns.promises.lookup(host, { all: true })` by default. */
  lookup?: HostLookup;
}

/** A URL or address the gateway must not call; `reason` names the rule (the caller answers 400). */
export class SsrfError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'SsrfError';
  }
}

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Checked in order; the first list holding the address names the reason. */
const RULES: Array<{ reason: string; cidrs: string[] }> = [
  // AWS/GCP/Azure, AWS ECS, Alibaba, Oracle, AWS IPv6: blocked even with allowPrivate
  {
    reason: 'metadata',
    cidrs: ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', '192.0.0.192/32', 'fd00:ec2::254/128'],
  },
  { reason: 'unspecified', cidrs: ['0.0.0.0/8', '::/128'] },
  { reason: 'loopback', cidrs: ['127.0.0.0/8', '::1/128'] },
  { reason: 'private', cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10'] },
  { reason: 'link_local', cidrs: ['169.254.0.0/16', 'fe80::/10'] },
  { reason: 'cgnat', cidrs: ['100.64.0.0/10'] },
  { reason: 'multicast', cidrs: ['224.0.0.0/4', 'ff00::/8'] },
  {
    reason: 'reserved',
    cidrs: [
      '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
      '64:ff9b:1::/48', '100::/64', '2001::/23', '2001:db8::/32', '3fff::/20',
    ],
  },
];
const PRIVATE_REASONS = new Set(['loopback', 'private', 'link_local', 'cgnat']);

/** IPv6 forms that carry an IPv4 address: mapped, NAT64 and 6to4; `at` is the hextet where it starts. */
const EMBEDDINGS = [
  { cidr: '::ffff:0:0/96', at: 6 },
  { cidr: '64:ff9b::/96', at: 6 },
  { cidr: '2002::/16', at: 1 },
];

function blockListOf(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, prefix] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const ruleLists = RULES.map(({ reason, cidrs }) => ({ reason, list: blockListOf(cidrs) }));
const embeddingLists = EMBEDDINGS.map(({ cidr, at }) => ({ list: blockListOf([cidr]), at }));
const globalUnicastV6 = blockListOf(['2000::/3']);

function hextetsOf(ipv6: string): number[] {
  const groups = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = ipv6.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function embeddedIpv4(ipv6: string): string | undefined {
  const embedding = embeddingLists.find(({ list }) => list.check(ipv6, 'ipv6'));
  if (!embedding) return undefined;
  const hextets = hextetsOf(ipv6);
  const high = hextets[embedding.at];
  const low = hextets[embedding.at + 1];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The rule an IP address breaks, or undefined when it is public. */
function blockReason(address: string): string | undefined {
  const ip = address.split('%')[0];
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const ipv4 = family === 'ipv6' ? embeddedIpv4(ip) : undefined;
  if (ipv4) return blockReason(ipv4);
  const rule = ruleLists.find(({ list }) => list.check(ip, family));
  if (rule) return rule.reason;
  if (family === 'ipv6' && !globalUnicastV6.check(ip, 'ipv6')) return 'reserved';
  return undefined;
}

function assertPublicAddress(address: string, host: string, options: SsrfGuardOptions): void {
  const reason = blockReason(address);
  if (!reason || (options.allowPrivate && PRIVATE_REASONS.has(reason))) return;
  const resolved = address === host ? '' : ` (resolves to ${address})`;
  throw new SsrfError(reason, `Host ${host}${resolved} is not allowed: ${reason} address`);
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isAllowedHost(host: string, options: SsrfGuardOptions): boolean {
  return options.allowHosts?.some((allowed) => normalizeHost(allowed) === host) ?? false;
}

const defaultLookup: HostLookup = (hostname) => dns.lookup(hostname, { all: true });

/** Resolves `hostname` and checks every address it has; resolver errors pass through unchanged. */
async function resolvePublicAddresses(hostname: string, options: SsrfGuardOptions): Promise<LookupAddress[]> {
  const host = normalizeHost(hostname);
  if (METADATA_HOSTS.has(host) && !isAllowedHost(host, options)) {
    throw new SsrfError('metadata', `Host ${host} is a cloud metadata service`);
  }
  const addresses = await (options.lookup ?? defaultLookup)(hostname);
  if (addresses.length === 0) throw new SsrfError('unresolvable', `Host ${host} has no address`);
  if (!isAllowedHost(host, options)) {
    for (const { address } of addresses) assertPublicAddress(address, host, options);
  }
  return addresses;
}

/** Throws SsrfError unless `url` is http(s), has no userinfo and every address of its host is public. */
export async function assertPublicUrl(url: string, options: SsrfGuardOptions = {}): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SsrfError('invalid_url', 'Not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SsrfError('protocol', `Only http and https URLs are allowed, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    throw new SsrfError('userinfo', 'URLs with credentials (user:pass@) are not allowed');
  }
  const host = normalizeHost(parsed.hostname);
  if (isIP(host)) {
    if (!isAllowedHost(host, options)) assertPublicAddress(host, host, options);
    return;
  }
  try {
    await resolvePublicAddresses(parsed.hostname, options);
  } catch (error) {
    if (error instanceof SsrfError) throw error;
    throw new SsrfError('unresolvable', `Host ${host} does not resolve: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function guardedLookup(options: SsrfGuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolvePublicAddresses(hostname, options).then(
      (addresses) =>
        lookupOptions.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family),
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/**
 * An undici Agent that checks every address at connect time, after DNS, so a name that turns private
 * between validation and use (DNS rebinding) is refused. undici's `request` never follows redirects.
 */
export function createGuardedDispatcher(
  options: SsrfGuardOptions = {},
  agentOptions: Omit<Agent.Options, 'connect'> = {},
): Agent {
  const connectSocket = buildConnector({ lookup: guardedLookup(options) });
  return new Agent({
    ...agentOptions,
    connect: (connectOptions, callback) => {
      const host = normalizeHost(connectOptions.hostname);
      if (isIP(host) && !isAllowedHost(host, options)) {
        try {
          assertPublicAddress(host, host, options);
        } catch (error) {
          return callback(error as SsrfError, null);
        }
      }
      connectSocket(connectOptions, callback);
    },
  });
}
