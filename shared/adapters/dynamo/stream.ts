// The table's stream, as the functions fed by it read it: the stats function counts a
// case's own item (its events, marks and counters pass by), read back as the case it
// stores; the notices function reads the events that call for a notice.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Case, CaseEvent } from "../../domain/model.js";
import { itemKind } from "./keys.js";
import { caseFromItem } from "./case-item.js";
import { fromItem } from "./table.js";

/** The case a stream record's new image holds, or nothing for any other item (or a removal). */
export function caseOfImage(image: Record<string, AttributeValue> | undefined): Case | undefined {
  const pk = image?.pk?.S;
  const sk = image?.sk?.S;
  if (!image || pk === undefined || sk === undefined || itemKind({ pk, sk }) !== "case") return undefined;
  return caseFromItem(image);
}

/** The event a stream record's new image holds, or nothing for any other item. */
export function eventOfImage(image: Record<string, AttributeValue> | undefined): CaseEvent | undefined {
  const pk = image?.pk?.S;
  const sk = image?.sk?.S;
  if (!image || pk === undefined || sk === undefined || itemKind({ pk, sk }) !== "event") return undefined;
  return fromItem<CaseEvent>(image);
}
