// The ports of the Open311 facade (docs/open311.md): the client apps a coordinator
// registers, the requests each app filed, and each key's request count per minute.
// Re-exported by ./ports.ts.

/** A client app: its key is shown once and only its hash is kept. */
export interface Open311Client {
  id: string;
  name: string;
  /** Hex SHA-256 of the whole API key. */
  keyHash: string;
  /** Requests a minute this key may make. */
  ratePerMinute: number;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

export interface Open311Store {
  /** Stores a new client; false when the id is taken. */
  putOpen311Client(client: Open311Client): Promise<boolean>;
  getOpen311Client(id: string): Promise<Open311Client | undefined>;
  /** Every client, revoked ones too, oldest first (a jurisdiction has a handful). */
  listOpen311Clients(): Promise<Open311Client[]>;
  /** Marks a client revoked (the first revocation stands); undefined for an unknown id. */
  revokeOpen311Client(id: string, at: string, by: string): Promise<Open311Client | undefined>;
  /**
   * The cases an app filed, newest first, created within [from, to] (ISO times), at most
   * `limit`; `after` continues from the last id of a previous call.
   */
  submittedCaseIds(
    client: string,
    range: { from: string; to: string },
    limit: number,
    after?: { createdAt: string; caseId: string },
  ): Promise<{ caseId: string; createdAt: string }[]>;
  /** The case an app filed under this code, if it filed one. */
  submittedCaseId(client: string, code: string): Promise<string | undefined>;
  /**
   * Counts one request of a client in the minute `window` (an ISO minute); false when the
   * count had reached `limit` already (nothing counted).
   */
  countOpen311Request(client: string, window: string, limit: number, expiresAt: number): Promise<boolean>;
}
