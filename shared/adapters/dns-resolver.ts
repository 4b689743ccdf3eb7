// The production HostResolver: the operating system's resolver (getaddrinfo), as every
// other client on the machine would see the name, with a deadline because a lookup
// cannot be cancelled and a slow DNS server must not hold a registration or a delivery.
import { lookup } from "node:dns/promises";
import type { HostResolver } from "../domain/network.js";

const RESOLVE_TIMEOUT_MS = 5_000;
/** Codes that mean "this name has no address", an answer rather than a failure. */
const NO_ADDRESS = new Set(["ENOTFOUND", "ENODATA", "EAI_NONAME", "EAI_NODATA"]);

export const systemResolver: HostResolver = {
  async resolve(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`lookup of ${host} took over ${RESOLVE_TIMEOUT_MS} ms`)),
        RESOLVE_TIMEOUT_MS,
      );
      timer.unref();
    });
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), deadline]);
      return found.map((a) => a.address);
    } catch (err) {
      if (NO_ADDRESS.has((err as NodeJS.ErrnoException).code ?? "")) return [];
      throw err;
    } finally {
      clearTimeout(timer);
    }
  },
};
