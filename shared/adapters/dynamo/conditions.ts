// DynamoDB's refusals that are expected outcomes, recognised in one place: a write whose
// condition did not hold, alone (ConditionalCheckFailedException) or in a transaction
// (TransactionCanceledException with reason ConditionalCheckFailed at that item), and a
// transaction that met another one. The adapter turns them into values; anything else
// is rethrown.
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

/** The reason code of each item of a cancelled transaction, in order ("None" for an item that was fine). */
function cancellationCodes(err: TransactionCanceledException): (string | undefined)[] {
  return (err.CancellationReasons ?? []).map((r) => r.Code);
}

/**
 * Whether `err` refused a write because its condition did not hold: a single write's
 * ConditionalCheckFailedException, or a transaction cancelled with ConditionalCheckFailed
 * on item `item` (on any item when `item` is left out; never for an item index below 0).
 */
export function conditionFailed(err: unknown, item?: number): boolean {
  if (err instanceof TransactionCanceledException) {
    const codes = cancellationCodes(err);
    return item === undefined
      ? codes.includes("ConditionalCheckFailed")
      : item >= 0 && codes[item] === "ConditionalCheckFailed";
  }
  return item === undefined && err instanceof Error && err.name === "ConditionalCheckFailedException";
}

/** A transaction cancelled because another one touched the same items at the same time: try again. */
export function transactionConflict(err: unknown): boolean {
  return (
    err instanceof TransactionCanceledException && cancellationCodes(err).includes("TransactionConflict")
  );
}

/** A transaction cancelled for whatever reason: one whose only write was refused. */
export function transactionCancelled(err: unknown): boolean {
  return err instanceof TransactionCanceledException;
}
