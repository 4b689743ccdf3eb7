// Each person's saved inbox views: one item per person (keys.ts `savedViewsKey`) holding the
// list, written with a version condition. One item makes the cap exact — two saves at once
// cannot both pass a count — and listing a person's views one GetItem.
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { SavedView, SavedViews, SaveViewOutcome } from "../../ports.js";
import { conditionFailed } from "./conditions.js";
import { savedViewsKey } from "./keys.js";
import { fromItem, toItem, type DynamoTable } from "./table.js";

interface ViewsItem {
  views: SavedView[];
  version: number;
}

/** Writes of one person's views rarely meet; a few attempts settle any that do. */
const ATTEMPTS = 4;

export function dynamoSavedViews(table: DynamoTable): SavedViews {
  const read = async (owner: string): Promise<ViewsItem> => {
    const out = await table.db.send(
      new GetItemCommand({
        TableName: table.name,
        Key: marshall(savedViewsKey(owner)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem<ViewsItem>(out.Item) : { views: [], version: 0 };
  };

  /** The list at the next version, on condition nobody wrote since `before`; false when someone did. */
  const write = async (owner: string, views: SavedView[], before: number): Promise<boolean> => {
    try {
      await table.db.send(
        new PutItemCommand({
          TableName: table.name,
          Item: toItem({ ...savedViewsKey(owner), views, version: before + 1 }),
          ...(before > 0
            ? { ConditionExpression: "version = :v", ExpressionAttributeValues: marshall({ ":v": before }) }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        }),
      );
      return true;
    } catch (err) {
      if (conditionFailed(err)) return false;
      throw err;
    }
  };

  return {
    async listViews(owner) {
      return (await read(owner)).views;
    },

    async saveView(owner, view, max): Promise<SaveViewOutcome> {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const { views, version } = await read(owner);
        const same = views.find((v) => v.name === view.name);
        const kept = same ? { ...view, id: same.id } : view;
        if (!same && views.length >= max) return { ok: false, reason: "full" };
        const next = same ? views.map((v) => (v === same ? kept : v)) : [...views, kept];
        if (await write(owner, next, version)) return { ok: true, view: kept };
      }
      return { ok: false, reason: "busy" };
    },

    async deleteView(owner, id) {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const { views, version } = await read(owner);
        if (!views.some((v) => v.id === id)) return "absent";
        const kept = views.filter((v) => v.id !== id);
        if (await write(owner, kept, version)) return "deleted";
      }
      return "busy";
    },
  };
}
