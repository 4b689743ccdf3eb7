// The webhook URL rules that need no lookup (scheme, credentials, fragment, port, host
// forms), and the judgement of resolved addresses, under the strict policy and the local one.
import { describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  judgeAddresses,
  refusalName,
  STRICT_WEBHOOK_POLICY,
  type WebhookPolicy,
} from "../../shared/domain/webhook-target.js";

const strict = STRICT_WEBHOOK_POLICY;
const local: WebhookPolicy = { allowLoopback: true };

function refused(url: string, policy: WebhookPolicy): string | undefined {
  const checked = checkWebhookUrl(url, policy);
  return checked.ok ? undefined : refusalName(checked.refusal);
}

describe("checkWebhookUrl", () => {
  it("accepts an https URL with a name, on 443 or a port from 1024 up, with a path and query", () => {
    for (const url of [
      "https://hooks.example.com/casebridge",
      "https://hooks.example.com:443/x?agency=hrss",
      "https://hooks.example.com:8443/",
      "https://hooks.example.com:65535/",
      "https://xn--fiqs8s.example/",
    ]) {
      expect([url, refused(url, strict)]).toEqual([url, undefined]);
    }
    const checked = checkWebhookUrl("https://Hooks.Example.COM:8443/a", strict);
    expect(checked).toMatchObject({
      ok: true,
      target: { host: "hooks.example.com", port: 8443, literal: false },
    });
  });

  it("refuses what is not an absolute https URL outside the local runtime", () => {
    expect(refused("not a url", strict)).toBe("malformed");
    expect(refused("/relative/path", strict)).toBe("malformed");
    for (const url of [
      "http://hooks.example.com/",
      "http://127.0.0.1:8080/",
      "http://localhost:8080/",
      "ftp://hooks.example.com/",
      "file:///etc/passwd",
      "gopher://hooks.example.com:1070/",
      "javascript:alert(1)",
      "data:text/plain,x",
      "ws://hooks.example.com/",
    ]) {
      expect([url, refused(url, strict)]).toEqual([url, "scheme"]);
    }
  });

  it("refuses credentials and fragments", () => {
    expect(refused("https://user:pass@hooks.example.com/", strict)).toBe("credentials");
    expect(refused("https://user@hooks.example.com/", strict)).toBe("credentials");
    expect(refused("https://:pass@hooks.example.com/", strict)).toBe("credentials");
    expect(refused("https://hooks.example.com/#frag", strict)).toBe("fragment");
    expect(refused("https://hooks.example.com/#", strict)).toBe("fragment");
  });

  it("refuses ports below 1024 other than the scheme's own", () => {
    for (const port of [0, 1, 22, 25, 80, 110, 389, 444, 1023]) {
      expect([port, refused(`https://hooks.example.com:${port}/`, strict)]).toEqual([port, "port"]);
    }
    expect(refused("http://127.0.0.1:80/", local)).toBeUndefined();
    expect(refused("http://127.0.0.1:22/", local)).toBe("port");
  });

  it("judges IP literals as addresses, whatever form WHATWG normalizes", () => {
    const cases: [string, string][] = [
      ["https://127.0.0.1/", "loopback"],
      ["https://2130706433/", "loopback"], // decimal
      ["https://0x7f.1/", "loopback"], // hex, shortened
      ["https://0177.0.0.1/", "loopback"], // octal
      ["https://127.1/", "loopback"],
      ["https://0x7f000001/", "loopback"],
      ["https://017700000001/", "loopback"],
      ["https://0/", "unspecified"],
      ["https://10.1.2.3/", "private"],
      ["https://0xa.0x1.0x2.0x3/", "private"],
      ["https://167772161/", "private"],
      ["https://169.254.169.254/latest/meta-data/", "metadata"],
      ["https://2852039166/", "metadata"], // 169.254.169.254 in decimal
      ["https://100.64.0.1/", "cgnat"],
      ["https://[::1]/", "loopback"],
      ["https://[::]/", "unspecified"],
      ["https://[::ffff:127.0.0.1]/", "ipv4-mapped"],
      ["https://[::ffff:a9fe:a9fe]/", "ipv4-mapped"],
      ["https://[fd00:ec2::254]/", "metadata"],
      ["https://[fe80::1]/", "link-local"],
      ["https://[fc00::1]/", "unique-local"],
      ["https://[64:ff9b::10.0.0.1]/", "nat64"],
      ["https://[2002:7f00:1::]/", "6to4"],
      ["https://224.0.0.1/", "multicast"],
      ["https://255.255.255.255/", "broadcast"],
      ["https://192.0.2.1/", "documentation"],
      ["https://240.0.0.1/", "reserved"],
    ];
    for (const [url, cls] of cases) expect([url, refused(url, strict)]).toEqual([url, cls]);
    expect(checkWebhookUrl("https://8.8.8.8:8443/x", strict)).toMatchObject({
      ok: true,
      target: { host: "8.8.8.8", literal: true },
    });
    expect(checkWebhookUrl("https://[2001:4860:4860::8888]/x", strict)).toMatchObject({
      ok: true,
      target: { host: "2001:4860:4860::8888", literal: true },
    });
  });

  it("refuses localhost names as loopback before any lookup, and odd host names", () => {
    for (const url of [
      "https://localhost/",
      "https://localhost./",
      "https://LOCALHOST:8443/",
      "https://hooks.localhost/",
      "https://a.b.localhost./",
    ]) {
      expect([url, refused(url, strict)]).toEqual([url, "loopback"]);
    }
    expect(refused("https://hooks.example.com./", strict)).toBe("host-name");
    expect(refused("https://hooks..example.com/", strict)).toBe("host-name");
  });

  it("lets the local runtime use loopback, plain http included", () => {
    expect(refused("http://127.0.0.1:8080/hook", local)).toBeUndefined();
    expect(refused("http://[::1]:8080/hook", local)).toBeUndefined();
    expect(refused("http://2130706433:8080/hook", local)).toBeUndefined();
    expect(refused("https://127.0.0.1:8443/hook", local)).toBeUndefined();
    expect(refused("http://localhost:8080/hook", local)).toBeUndefined();
    // Loopback only: the rest stays refused locally too.
    expect(refused("http://10.0.0.1:8080/", local)).toBe("private");
    expect(refused("https://169.254.169.254/", local)).toBe("metadata");
    expect(refused("http://8.8.8.8:8080/", local)).toBe("scheme");
    expect(refused("https://[::ffff:127.0.0.1]/", local)).toBe("ipv4-mapped");
  });
});

describe("judgeAddresses", () => {
  const https = new URL("https://hooks.example.com/");
  const http = new URL("http://hooks.example.test:8080/");

  it("refuses when any one address is refused, naming its class", () => {
    expect(judgeAddresses(https, ["93.184.215.14"], strict)).toBeUndefined();
    expect(
      judgeAddresses(https, ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"], strict),
    ).toBeUndefined();
    expect(judgeAddresses(https, ["93.184.215.14", "10.0.0.7"], strict)).toEqual({
      kind: "address",
      class: "private",
      literal: false,
    });
    expect(judgeAddresses(https, ["2606:4700::1", "fd00:ec2::254"], strict)).toEqual({
      kind: "address",
      class: "metadata",
      literal: false,
    });
    expect(judgeAddresses(https, ["127.0.0.1"], strict)).toEqual({
      kind: "address",
      class: "loopback",
      literal: false,
    });
  });

  it("calls a name without addresses unresolvable", () => {
    expect(judgeAddresses(https, [], strict)).toEqual({ kind: "unresolvable" });
  });

  it("allows http only when every address is loopback and the policy opens loopback", () => {
    expect(judgeAddresses(http, ["127.0.0.1", "::1"], local)).toBeUndefined();
    expect(judgeAddresses(http, ["127.0.0.1", "93.184.215.14"], local)).toEqual({
      kind: "scheme",
      scheme: "http",
    });
    expect(judgeAddresses(http, ["127.0.0.1", "192.168.1.1"], local)).toEqual({
      kind: "address",
      class: "private",
      literal: false,
    });
    expect(judgeAddresses(https, ["127.0.0.1", "93.184.215.14"], local)).toBeUndefined();
  });
});
