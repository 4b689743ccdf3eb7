// One HTTP(S) POST to addresses checked beforehand. The socket connects only to those
// addresses (a lookup that answers with them, never DNS), so a name cannot be rebound to
// an inside address between the check and the connection; TLS still sends the URL's host
// as SNI and verifies the certificate against it, and Host names it too.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";

export interface PinnedPost {
  url: URL;
  /** Checked addresses of the URL's host; the connection goes to one of them. */
  addresses: readonly string[];
  headers: Record<string, string>;
  body: string;
  /** From the start until the response status arrives. */
  timeoutMs: number;
}

/** The response status; the body is not read. Rejects when no response arrives in time. */
export function postPinned(post: PinnedPost): Promise<number> {
  const { url, body } = post;
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      method: "POST",
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: { ...post.headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(post.addresses),
      // A fresh connection each time: a pooled socket would be keyed by host name, not by the address checked now.
      agent: false,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    req.once("response", (res) => {
      resolve(res.statusCode ?? 0);
      // Nothing in a receiver's answer is needed: close instead of reading whatever it sends.
      res.destroy();
    });
    req.once("error", reject);
    req.end(body);
  });
}

/**
 * Answers every lookup with the checked addresses. Node asks for all of them when it races
 * IPv4 and IPv6 (autoSelectFamily), or for one of a given family otherwise.
 */
function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    const usable = family === 4 || family === 6 ? entries.filter((e) => e.family === family) : entries;
    const first = usable[0];
    if (!first) {
      callback(
        Object.assign(new Error(`no checked IPv${family} address for ${hostname}`), { code: "ENOTFOUND" }),
        "",
        0,
      );
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, first.address, first.family);
  };
}
