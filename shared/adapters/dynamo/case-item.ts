// How a case is kept in its item. Every command rewrites the whole case item in a
// transaction, and a transactional write costs 2 units per started KB: a case item over
// 1 KB costs each command twice what it must. So the item holds in the clear only what
// DynamoDB itself must read — its keys, the index attributes, `version` (every commit's
// condition) and `petitionerKey` (the byPetitioner index) — and the rest of the case as
// one binary attribute: its JSON, deflated against a preset dictionary of the words every
// case repeats (attribute names, clock names, states, agencies, the years' prefixes).
// A standard lifecycle's case item stays at 600–800 bytes instead of 1.0–1.8 KB
// (BENCHMARKS.md, section 5).
//
// The first byte of the binary attribute names its format, so a later dictionary can be
// added beside this one; the dictionary of format 1 must never change (a test pins its
// hash), or the items written with it could not be read. Items written before this format
// (the case's attributes in the clear) are still read as they are.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Case } from "../../domain/model.js";
import { caseIdOf } from "./keys.js";
import { fromItem, toItem } from "./table.js";

/** The attribute that holds the packed case. */
export const CASE_BODY_ATTRIBUTE = "body";
const FORMAT_DEFLATE_V1 = 1;

/**
 * Format 1's preset dictionary: text a case's JSON is likely to repeat, the most frequent
 * last (deflate finds the nearest match cheapest). Never edit it; add a format instead.
 */
export const CASE_DICTIONARY_V1 = Buffer.from(
  [
    '"reportBackDays":"requestedAt":"pendingHandoff":{"id":"kind":"transfer","assign","from":"to":',
    '"reReviewer":"reviewer":"reviewDecision":"upheld","changed","reReviewDecision":',
    '"extension":{"days":"reason":"requestedBy":"decision":"approved","refused","decidedAt":',
    '"objection":{"by":"objections":[{"by":"supervision":{"note":"jointHandling":{"note":',
    '"agendaPending":{"reason":"escalations":[{"level":"rating":"satisfied","basically_satisfied","unsatisfied",',
    '"repeatOf":"respondent":{"agency":"official":"leader":"hearings":[{"at":"participants":["outcome":',
    '"calendarWarning":"pausedAt":"pauseReason":"hearing","awaiting_petitioner","appraisal",',
    '"warnedAt":"level":1,"overdue","paused","report_back","review","re_review","re_review_window",',
    '"disputed","accepted","review_requested","reviewed","re_review_requested","final","assigned","routing",',
    '"letter","visit","phone","online","leader_mailbox","declined",',
    '"outcome":{"kind":"replied","summary":"at":"2026-',
    '"petitioner":{"name":"idNumber":"phone":"address":"headcount":1,"collective":false,true,',
    '"code":"XF2026","status":"registered","transferred","replied","closed","channel":"receivedAt":"2026-',
    '"category":"labor-social-security","region":"title":"description":"leadAgency":"hrss",',
    '"escalation":{"level":0,"supervised":false},"hearings":[],"involved":["bureau","hrss"],',
    '"cohandlers":[],"repeatCandidates":[],"lastSeq":"lastHash":"createdAt":"updatedAt":"2026-',
    '"pastClocks":[{"name":"route","owner":"bureau","startedAt":"2026-',
    '"clocks":[{"name":"acknowledge","object","handle","review_window","owner":"bureau","hrss",',
    '"startedAt":"2026-","dueAt":"T15:59:59.999Z","state":"running","met","length":15,',
    '"unit":"calendar","working","pausedMs":0,"stoppedAt":"2026-',
  ].join(""),
);

/** Attributes kept in the clear beside the packed case, and so left out of it. */
type ClearAttributes = "id" | "version" | "petitionerKey";

/** The case's item: its keys and index attributes, `version`, `petitionerKey` and the packed rest. */
export function caseToItem(c: Case, keyAttributes: Record<string, string>): Record<string, AttributeValue> {
  const { id: _id, version, petitionerKey, ...rest } = c;
  const packed = deflateRawSync(JSON.stringify(rest), { dictionary: CASE_DICTIONARY_V1 });
  const body = new Uint8Array(packed.length + 1);
  body[0] = FORMAT_DEFLATE_V1;
  body.set(packed, 1);
  return toItem({
    ...keyAttributes,
    version,
    ...(petitionerKey !== undefined ? { petitionerKey } : {}),
    [CASE_BODY_ATTRIBUTE]: body,
  });
}

/** The case an item holds, packed or (written before packing) in the clear. */
export function caseFromItem(item: Record<string, AttributeValue>): Case {
  const raw = item[CASE_BODY_ATTRIBUTE]?.B as Uint8Array | string | undefined;
  if (raw === undefined) return fromItem<Case>(item);
  // A Lambda stream event carries binary attributes base64-encoded, the SDK as bytes.
  const body = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
  if (body[0] !== FORMAT_DEFLATE_V1) throw new Error(`Unknown case item format ${body[0]}.`);
  const rest = JSON.parse(
    inflateRawSync(body.subarray(1), { dictionary: CASE_DICTIONARY_V1 }).toString("utf8"),
  ) as Omit<Case, ClearAttributes>;
  const petitionerKey = item.petitionerKey?.S;
  return {
    id: caseIdOf(String(item.pk?.S)),
    ...rest,
    version: Number(item.version?.N),
    ...(petitionerKey !== undefined ? { petitionerKey } : {}),
  } as Case;
}
