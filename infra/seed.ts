// `npm run seed`: load the jurisdiction's reference data (agencies, categories, regions,
// routing rules) into a deployed table, once, with the operator's own AWS credentials —
// no function may BatchWriteItem. The local runtime seeds its own table at start.
//   TABLE_NAME=<the stack's TableName output> npm run seed
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoReferenceStore } from "../shared/adapters/dynamo/reference.js";
import { readSettings } from "../shared/config.js";
import { demoAgencies, demoCategories, demoRegions, demoRoutingRules } from "../shared/domain/demo-county.js";

async function main() {
  const settings = readSettings(process.env, ["TABLE_NAME"]);
  const db = settings.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({
        endpoint: settings.DYNAMODB_ENDPOINT,
        region: settings.AWS_REGION,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      })
    : new DynamoDBClient({});
  const store = dynamoReferenceStore({ db, name: settings.TABLE_NAME });
  if (await store.isSeeded()) {
    console.log(`${settings.TABLE_NAME} already holds its reference data; nothing written.`);
    return;
  }
  await store.seedReference({
    agencies: demoAgencies,
    categories: demoCategories,
    regions: demoRegions,
    rules: demoRoutingRules,
  });
  console.log(
    `${settings.TABLE_NAME}: ${demoAgencies.length} agencies, ${demoCategories.length} categories, ${demoRegions.length} regions, ${demoRoutingRules.length} routing rules.`,
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
