// The table's stream, as the stats function reads it: only a case's own item counts (its
// events, marks and counters pass by), read back as the case it stores.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Case } from "../../domain/model.js";
import { itemKind } from "./keys.js";
import { caseFromItem } from "./case-item.js";

/** The case a stream record's new image holds, or nothing for any other item (or a removal). */
export function caseOfImage(image: Record<string, AttributeValue> | undefined): Case | undefined {
  const pk = image?.pk?.S;
  const sk = image?.sk?.S;
  if (!image || pk === undefined || sk === undefined || itemKind({ pk, sk }) !== "case") return undefined;
  return caseFromItem(image);
}
