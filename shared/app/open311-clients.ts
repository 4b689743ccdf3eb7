// The Open311 client apps a coordinator registers (docs/open311.md): each gets an API key
// once, of which only a SHA-256 is kept, and a request rate of its own. A key names its
// client, so checking it is one read by id and a comparison in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Identity } from "../domain/access.js";
import { authorize } from "../domain/rights.js";
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError } from "../errors.js";
import type { Open311Client, Open311Store } from "../open311-ports.js";
import type { Deps } from "./deps.js";

/** Requests a minute a new client may make unless the coordinator sets another number. */
export const DEFAULT_RATE_PER_MINUTE = 60;
const KEY_PREFIX = "cb311";
/** `cb311_<client id>_<32 random bytes, base64url>`. */
const KEY_SHAPE = /^cb311_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;

export type Open311ClientDeps = Pick<Deps, "clock" | "newId"> & { store: Open311Store };

/** A client as a coordinator sees it: never the key, nor its hash. */
export interface Open311ClientView {
  id: string;
  name: string;
  ratePerMinute: number;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

const viewOf = ({ keyHash: _h, ...client }: Open311Client): Open311ClientView => client;
const hashOf = (key: string) => createHash("sha256").update(key).digest("hex");

export class Open311Clients {
  constructor(private readonly deps: Open311ClientDeps) {}

  async create(
    who: Identity,
    input: { name: string; ratePerMinute?: number },
  ): Promise<{ client: Open311ClientView; apiKey: string }> {
    authorize(who, "open311.clients.manage");
    const id = this.deps.newId();
    const apiKey = `${KEY_PREFIX}_${id}_${randomBytes(32).toString("base64url")}`;
    const client: Open311Client = {
      id,
      name: input.name,
      keyHash: hashOf(apiKey),
      ratePerMinute: input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
      createdAt: this.deps.clock.now().toISOString(),
      createdBy: who.sub,
    };
    if (!(await this.deps.store.putOpen311Client(client)))
      throw new ConflictError("A client with this id exists; try again.");
    return { client: viewOf(client), apiKey };
  }

  async list(who: Identity): Promise<Open311ClientView[]> {
    authorize(who, "open311.clients.read");
    return (await this.deps.store.listOpen311Clients()).map(viewOf);
  }

  async revoke(who: Identity, id: string): Promise<Open311ClientView> {
    authorize(who, "open311.clients.manage");
    const client = await this.deps.store.revokeOpen311Client(
      id,
      this.deps.clock.now().toISOString(),
      who.sub,
    );
    if (!client) throw new NotFoundError(`No Open311 client ${id}.`);
    return viewOf(client);
  }

  /** The client a key belongs to: 403 without one or for one that is wrong or revoked, as GeoReport v2 answers. */
  async authenticate(apiKey: string | undefined): Promise<Open311Client> {
    if (!apiKey) throw new ForbiddenError("api_key is required: ask the petition bureau for one.");
    const id = KEY_SHAPE.exec(apiKey)?.[1];
    const client = id ? await this.deps.store.getOpen311Client(id) : undefined;
    const given = Buffer.from(hashOf(apiKey), "hex");
    // The same comparison whether or not the client exists, so the answer's timing tells nothing.
    const kept = Buffer.from(client?.keyHash ?? "0".repeat(64), "hex");
    if (!client || !timingSafeEqual(given, kept) || client.revokedAt) {
      throw new ForbiddenError("Invalid api_key.");
    }
    return client;
  }

  /** Counts the request against the client's rate for this minute; 429 once it is used up. */
  async admit(client: Open311Client): Promise<void> {
    const now = this.deps.clock.now();
    const minute = now.toISOString().slice(0, 16);
    const windowEnd = Math.floor(now.getTime() / 60_000 + 1) * 60;
    const admitted = await this.deps.store.countOpen311Request(
      client.id,
      minute,
      client.ratePerMinute,
      windowEnd + 60,
    );
    if (!admitted) {
      const retryAfter = Math.max(1, windowEnd - Math.floor(now.getTime() / 1000));
      throw new TooManyRequestsError(
        `This api_key may make ${client.ratePerMinute} requests a minute; try again in ${retryAfter} s.`,
        retryAfter,
      );
    }
  }
}
