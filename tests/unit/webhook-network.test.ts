// The address classifier: every refused class with IPv4 and IPv6 examples, the edges of
// each range, public addresses that must stay allowed, and properties over random
// addresses (NAT64 judged by the IPv4 it carries, IPv4-mapped always refused).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyAddress, REFUSED_CLASSES, type AddressClass } from "../../shared/domain/network.js";

const examples: Record<Exclude<AddressClass, "public">, string[]> = {
  metadata: [
    "169.254.169.254",
    "169.254.170.2",
    "169.254.170.23",
    "100.100.100.200",
    "fd00:ec2::254",
    "fd00:ec2::23",
  ],
  unspecified: ["0.0.0.0", "0.1.2.3", "0.255.255.255", "::", "0:0:0:0:0:0:0:0"],
  loopback: ["127.0.0.1", "127.255.255.254", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"],
  private: ["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.255"],
  cgnat: ["100.64.0.0", "100.100.0.1", "100.127.255.255"],
  "link-local": ["169.254.0.1", "169.254.255.254", "fe80::1", "febf::ffff", "fe80::1%eth0"],
  "unique-local": ["fc00::1", "fd12:3456:789a::1", "fdff:ffff::1"],
  "ipv4-mapped": [
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:8.8.8.8",
  ],
  nat64: ["64:ff9b::10.0.0.1", "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::1"],
  "6to4": ["2002:a00:1::1", "2002:7f00:1::", "2002:808:808::1"],
  multicast: ["224.0.0.1", "239.255.255.250", "ff02::1", "ff05::1:3"],
  broadcast: ["255.255.255.255"],
  documentation: ["192.0.2.1", "198.51.100.7", "203.0.113.200", "2001:db8::1", "2001:db8:ffff::1", "3fff::1"],
  reserved: [
    "192.0.0.8",
    "192.88.99.1",
    "198.18.0.1",
    "198.19.255.255",
    "240.0.0.1",
    "255.255.255.254",
    "::127.0.0.1",
    "::a00:1",
    "64:ff9b:1::a00:1",
    "100::1",
    "2001::1",
    "2001:0:4136:e378::1",
    "2001:10::1",
    "fec0::1",
    "5f00::1",
    "4000::1",
    "e000::1",
  ],
  unrecognized: ["", "localhost", "example.com", "1.2.3", "256.0.0.1", "::g", "0x7f.0.0.1"],
};

const publicAddresses = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.15.255.255",
  "172.32.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "169.253.255.255",
  "192.0.1.255",
  "192.169.0.1",
  "198.17.255.255",
  "198.20.0.0",
  "223.255.255.255",
  "11.0.0.1",
  "126.255.255.255",
  "128.0.0.1",
  "2001:4860:4860::8888",
  "2606:4700:4700::1111",
  "2400:cb00::1",
  "2a00:1450:4001:80b::200e",
  "64:ff9b::808:808",
  "64:ff9b::8.8.8.8",
];

describe("classifyAddress", () => {
  for (const [cls, addresses] of Object.entries(examples)) {
    it(`refuses ${cls}: ${addresses.join(", ")}`, () => {
      for (const address of addresses) expect([address, classifyAddress(address)]).toEqual([address, cls]);
    });
  }

  it("has an IPv4 and an IPv6 example for every class that exists in both families", () => {
    const ipv4Only = new Set(["cgnat", "private", "broadcast"]);
    const ipv6Only = new Set(["unique-local", "ipv4-mapped", "nat64", "6to4"]);
    for (const cls of REFUSED_CLASSES) {
      if (cls === "unrecognized") continue;
      const list = examples[cls];
      if (!ipv6Only.has(cls))
        expect(
          list.some((a) => a.includes(".") && !a.includes(":")),
          cls,
        ).toBe(true);
      if (!ipv4Only.has(cls))
        expect(
          list.some((a) => a.includes(":")),
          cls,
        ).toBe(true);
    }
  });

  it("allows public addresses, including the neighbours of every refused IPv4 range", () => {
    for (const address of publicAddresses)
      expect([address, classifyAddress(address)]).toEqual([address, "public"]);
  });

  it("judges a NAT64 address by the IPv4 address it carries", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const carried = classifyAddress(`64:ff9b::${v4}`);
        expect(carried === "public").toBe(classifyAddress(v4) === "public");
      }),
      { seed: 8, numRuns: 2000 },
    );
  });

  it("refuses every IPv4-mapped IPv6 address, whatever it carries", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        expect(classifyAddress(`::ffff:${v4}`)).toBe("ipv4-mapped");
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it("answers a known class for any string, and never calls an IPv6 address outside 2000::/3 public", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string()), (s) => {
        const cls = classifyAddress(s);
        expect(["public", ...REFUSED_CLASSES]).toContain(cls);
      }),
      { seed: 8, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (v6) => {
        const first = parseInt(v6.split(":")[0] || "0", 16);
        const globalUnicast = (first & 0xe000) === 0x2000;
        const nat64 = /^64:ff9b::/i.test(v6) || v6.toLowerCase().startsWith("64:ff9b:0:0:0:0:");
        if (!globalUnicast && !nat64) expect(classifyAddress(v6)).not.toBe("public");
      }),
      { seed: 8, numRuns: 2000 },
    );
  });
});
