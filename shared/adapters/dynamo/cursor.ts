// Page cursors: the last key a query evaluated, handed out as base64url JSON and checked
// on the way back in, so a cursor can only continue the query it came from.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { BadRequestError } from "../../errors.js";
import type { KeySpec } from "./keys.js";

export function cursorOf(lastKey: Record<string, AttributeValue> | undefined): { nextCursor?: string } {
  return lastKey
    ? { nextCursor: Buffer.from(JSON.stringify(unmarshall(lastKey))).toString("base64url") }
    : {};
}

/**
 * A cursor is only ever one we handed out: an object of exactly the expected keys, each
 * printable ASCII (every key this table writes is), the partition key equal to the one
 * queried and the sort key within the query's range. Anything else would make DynamoDB
 * refuse the start key (a 500) or continue in another partition: 400 instead.
 */
export function decodeCursor(
  cursor: string | undefined,
  fields: Record<string, KeySpec>,
): Record<string, AttributeValue> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (err) {
    throw new BadRequestError("The cursor is not valid.", {}, { cause: err });
  }
  const fits = (value: unknown, spec: KeySpec | undefined) =>
    typeof value === "string" &&
    /^[\x21-\x7e]{1,300}$/.test(value) &&
    spec !== undefined &&
    (typeof spec === "string" ? value === spec : value.startsWith(spec.prefix));
  const ok =
    parsed !== null &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Object.keys(parsed).sort().join() === Object.keys(fields).sort().join() &&
    Object.entries(parsed).every(([k, v]) => fits(v, fields[k]));
  if (!ok) throw new BadRequestError("The cursor is not valid.");
  return marshall(parsed as Record<string, string>);
}
