// Where a notice's PDF is kept, and the hash that ties the bytes to the case's chain: said
// once for the notices function that writes it and the services that serve it.
import { createHash } from "node:crypto";
import { FILE_PREFIXES } from "../resources.js";

/** `notices/<case id>/<notice id>.pdf`: ids only, never a name. */
export const noticeFileKey = (caseId: string, id: string) => `${FILE_PREFIXES.notices}${caseId}/${id}.pdf`;

/** Hex SHA-256, as the chain records it. */
export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
