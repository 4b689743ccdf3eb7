// Which webhook URLs an agency may register, and which resolved addresses the notifier
// may connect to. Pure: the URL as WHATWG parses it and the addresses a resolver found go
// in, a refusal naming its reason comes out. docs/webhooks.md explains each rule.
import { isIP } from "node:net";
import { classifyAddress, type RefusedClass } from "./network.js";

export interface WebhookPolicy {
  /** The local runtime only: loopback addresses, and plain http to them, are allowed. */
  allowLoopback: boolean;
}

export const STRICT_WEBHOOK_POLICY: WebhookPolicy = { allowLoopback: false };

export type WebhookRefusal =
  | { kind: "malformed" }
  | { kind: "scheme"; scheme: string }
  | { kind: "credentials" }
  | { kind: "fragment" }
  | { kind: "port"; port: number }
  | { kind: "host-name" }
  | { kind: "unresolvable" }
  | { kind: "address"; class: RefusedClass; literal: boolean };

/** A URL that passed the rules that need no lookup. */
export interface WebhookTarget {
  url: URL;
  /** The host name, or the IP literal without brackets. */
  host: string;
  port: number;
  /** The host is an IP address: it is judged as is, and nothing is looked up. */
  literal: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { "https:": 443, "http:": 80 };
/** Below this, ports belong to other protocols (SSH, SMTP, LDAP…): only the scheme's own is allowed. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/** RFC 6761 §6.3: localhost and every name under it are loopback, whatever a resolver says. */
const LOCALHOST_NAME = /(^|\.)localhost\.?$/;

export function checkWebhookUrl(
  raw: string,
  policy: WebhookPolicy,
): { ok: true; target: WebhookTarget } | { ok: false; refusal: WebhookRefusal } {
  const refuse = (refusal: WebhookRefusal) => ({ ok: false as const, refusal });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse({ kind: "malformed" });
  }
  // http is allowed only towards loopback (checked again once the addresses are known).
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowLoopback))
    return refuse({ kind: "scheme", scheme: url.protocol.replace(/:$/, "") });
  if (url.username || url.password) return refuse({ kind: "credentials" });
  // A fragment is never sent; one in a registered URL is a mistake or an attempt to confuse a parser.
  if (url.href.includes("#")) return refuse({ kind: "fragment" });
  const defaultPort = DEFAULT_PORTS[url.protocol]!;
  const port = url.port ? Number(url.port) : defaultPort;
  if (port !== defaultPort && port < FIRST_UNPRIVILEGED_PORT) return refuse({ kind: "port", port });

  // WHATWG parsing already turned decimal, octal and hex IPv4 forms (2130706433, 0x7f.1) into dotted ones.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host) !== 0;
  if (literal) {
    const refusal = judgeAddresses(url, [host], policy, true);
    return refusal ? refuse(refusal) : { ok: true, target: { url, host, port, literal } };
  }
  if (LOCALHOST_NAME.test(host) && !policy.allowLoopback)
    return refuse({ kind: "address", class: "loopback", literal: false });
  // A trailing dot or an empty label makes the name mean something else to the resolver,
  // TLS and the Host header; no real receiver needs one.
  if (host.endsWith(".") || host.split(".").some((label) => label === ""))
    return refuse({ kind: "host-name" });
  return { ok: true, target: { url, host, port, literal } };
}

/**
 * Every address must be allowed, not just one: the connection may go to any of them.
 * Loopback only when the policy opens it, and plain http only when every address is loopback.
 */
export function judgeAddresses(
  url: URL,
  addresses: readonly string[],
  policy: WebhookPolicy,
  literal = false,
): WebhookRefusal | undefined {
  if (!addresses.length) return { kind: "unresolvable" };
  let allLoopback = true;
  for (const address of addresses) {
    const cls = classifyAddress(address);
    if (cls === "public") {
      allLoopback = false;
      continue;
    }
    if (cls === "loopback" && policy.allowLoopback) continue;
    return { kind: "address", class: cls, literal };
  }
  if (url.protocol === "http:" && !allLoopback) return { kind: "scheme", scheme: "http" };
  return undefined;
}

const CLASS_PHRASES: Record<RefusedClass, string> = {
  metadata: "a cloud instance metadata address (169.254.169.254, fd00:ec2::254 and the like)",
  unspecified: "an unspecified address (0.0.0.0/8, ::)",
  loopback: "a loopback address (127.0.0.0/8, ::1, localhost)",
  private: "a private address (RFC 1918: 10/8, 172.16/12, 192.168/16)",
  cgnat: "a carrier-grade NAT address (100.64.0.0/10)",
  "link-local": "a link-local address (169.254.0.0/16, fe80::/10)",
  "unique-local": "a unique local IPv6 address (fc00::/7)",
  "ipv4-mapped": "an IPv4-mapped IPv6 address (::ffff:0:0/96)",
  nat64: "a NAT64 address (64:ff9b::/96) carrying a non-public IPv4 address",
  "6to4": "a 6to4 address (2002::/16)",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  documentation: "a documentation address (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32)",
  reserved: "a reserved or special-purpose address",
  unrecognized: "something that is not an IP address",
};

/** The sentence a registering agency reads; it names the class, never the address found. */
export function describeRefusal(r: WebhookRefusal): string {
  switch (r.kind) {
    case "malformed":
      return "The webhook URL is not a valid absolute URL.";
    case "scheme":
      return "A webhook URL is https (plain http only to this machine in the local runtime).";
    case "credentials":
      return "A webhook URL carries no user name or password; the signature authenticates the call.";
    case "fragment":
      return "A webhook URL has no fragment (#…).";
    case "port":
      return `Port ${r.port} is refused: use 443 or a port from ${FIRST_UNPRIVILEGED_PORT} up.`;
    case "host-name":
      return "The webhook host name has an empty label or a trailing dot.";
    case "unresolvable":
      return "The webhook host name does not resolve to any address.";
    case "address":
      return `The webhook host ${r.literal ? "is" : "resolves to"} ${CLASS_PHRASES[r.class]}; webhooks go to public addresses only.`;
  }
}

/** Short name for problem extensions and logs: the address class, or the rule broken. */
export const refusalName = (r: WebhookRefusal): string => (r.kind === "address" ? r.class : r.kind);
