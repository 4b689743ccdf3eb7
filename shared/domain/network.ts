// What kind of IP address a name resolved to, so the platform never sends a request on an
// agency's behalf to somewhere inside (webhooks). Pure: no lookups, no sockets. Ranges from
// the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates).
import { BlockList, isIP } from "node:net";

/** Finds a host name's addresses; the webhook code checks every one before it connects. */
export interface HostResolver {
  /** All addresses of `host` (IPv4 and IPv6); empty when the name does not exist. */
  resolve(host: string): Promise<string[]>;
}

export const REFUSED_CLASSES = [
  "metadata",
  "unspecified",
  "loopback",
  "private",
  "cgnat",
  "link-local",
  "unique-local",
  "ipv4-mapped",
  "nat64",
  "6to4",
  "multicast",
  "broadcast",
  "documentation",
  "reserved",
  "unrecognized",
] as const;
export type RefusedClass = (typeof REFUSED_CLASSES)[number];
export type AddressClass = "public" | RefusedClass;

type Subnet = readonly [network: string, prefix: number];

// Order matters: the first class whose ranges hold the address names it, so the narrow
// ranges (metadata, broadcast) come before the wide ones that contain them.
const IPV4: readonly (readonly [RefusedClass, readonly Subnet[]])[] = [
  // AWS/GCP/Azure IMDS, AWS ECS task metadata, EKS Pod Identity, Tencent Cloud, Alibaba Cloud.
  [
    "metadata",
    [
      ["169.254.169.254", 32],
      ["169.254.170.2", 32],
      ["169.254.170.23", 32],
      ["169.254.0.23", 32],
      ["100.100.100.200", 32],
    ],
  ],
  ["broadcast", [["255.255.255.255", 32]]],
  ["unspecified", [["0.0.0.0", 8]]], // RFC 1122 "this network"
  ["loopback", [["127.0.0.0", 8]]],
  [
    "private",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
    ],
  ], // RFC 1918
  ["cgnat", [["100.64.0.0", 10]]], // RFC 6598 shared address space
  ["link-local", [["169.254.0.0", 16]]], // RFC 3927
  ["multicast", [["224.0.0.0", 4]]],
  [
    "documentation",
    [
      ["192.0.2.0", 24],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
    ],
  ], // RFC 5737
  // IETF protocol assignments, the retired 6to4 relay anycast, benchmarking, and 240/4.
  [
    "reserved",
    [
      ["192.0.0.0", 24],
      ["192.88.99.0", 24],
      ["198.18.0.0", 15],
      ["240.0.0.0", 4],
    ],
  ],
];

const IPV6: readonly (readonly [RefusedClass, readonly Subnet[]])[] = [
  [
    "metadata",
    [
      ["fd00:ec2::254", 128],
      ["fd00:ec2::23", 128],
    ],
  ], // AWS IMDS and EKS Pod Identity over IPv6
  ["unspecified", [["::", 128]]],
  ["loopback", [["::1", 128]]],
  ["ipv4-mapped", [["::ffff:0:0", 96]]],
  ["6to4", [["2002::", 16]]], // RFC 7526 deprecated it; a relay would unwrap to the IPv4 inside
  ["unique-local", [["fc00::", 7]]], // RFC 4193
  ["link-local", [["fe80::", 10]]],
  ["multicast", [["ff00::", 8]]],
  [
    "documentation",
    [
      ["2001:db8::", 32],
      ["3fff::", 20],
    ],
  ], // RFC 3849, RFC 9637
  // The rest of ::/8 (IPv4-compatible; local-use NAT64 64:ff9b:1::/48, RFC 8215), discard-only,
  // IETF protocol assignments (Teredo, ORCHID, benchmarking), SRv6 SIDs, retired site-local.
  [
    "reserved",
    [
      ["::", 8],
      ["64:ff9b:1::", 48],
      ["100::", 64],
      ["2001::", 23],
      ["5f00::", 16],
      ["fec0::", 10],
    ],
  ],
];

/** RFC 6052 well-known NAT64 prefix: the last 32 bits are an IPv4 address, judged as one. */
const NAT64: Subnet = ["64:ff9b::", 96];
/** Global unicast: an IPv6 address outside it and outside every range above is unassigned. */
const GLOBAL_UNICAST: Subnet = ["2000::", 3];

// One BlockList per class and family: a BlockList matches an IPv4 address against
// ::ffff:0:0/96 and an IPv4-mapped one against IPv4 rules, so families are never mixed.
const build = (rules: readonly (readonly [RefusedClass, readonly Subnet[]])[], family: "ipv4" | "ipv6") =>
  rules.map(([cls, subnets]) => {
    const list = new BlockList();
    for (const [network, prefix] of subnets) list.addSubnet(network, prefix, family);
    return [cls, list] as const;
  });
const v4 = build(IPV4, "ipv4");
const v6 = build(IPV6, "ipv6");
const within = (subnet: Subnet) => {
  const list = new BlockList();
  list.addSubnet(subnet[0], subnet[1], "ipv6");
  return list;
};
const nat64 = within(NAT64);
const globalUnicast = within(GLOBAL_UNICAST);

/** The class of an IP address; anything that is not plainly public is refused, including what cannot be parsed. */
export function classifyAddress(address: string): AddressClass {
  // A zone id (fe80::1%eth0) only ever scopes a link-local address; judge the address itself.
  const ip = address.includes("%") ? address.slice(0, address.indexOf("%")) : address;
  switch (isIP(ip)) {
    case 4:
      return v4.find(([, list]) => list.check(ip, "ipv4"))?.[0] ?? "public";
    case 6: {
      // Before the ranges: the NAT64 prefix lies inside the reserved ::/8.
      if (nat64.check(ip, "ipv6")) return classifyAddress(embeddedIPv4(ip)) === "public" ? "public" : "nat64";
      const cls = v6.find(([, list]) => list.check(ip, "ipv6"))?.[0];
      if (cls) return cls;
      return globalUnicast.check(ip, "ipv6") ? "public" : "reserved";
    }
    default:
      return "unrecognized";
  }
}

/** The IPv4 address in the last 32 bits of a (valid) IPv6 address. */
function embeddedIPv4(ip: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) return dotted[1]!;
  // With "::", what follows it is right-aligned and the gap is zeros: the tail alone holds the last groups.
  const [head = "", tail] = ip.split("::");
  const groups = (tail ?? head).split(":").filter((g) => g !== "");
  const last = groups.slice(-2).map((g) => parseInt(g, 16));
  while (last.length < 2) last.unshift(0);
  const [hi, lo] = last as [number, number];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}
