// The table stream's readers on the synthesized template (infra/table-stream.ts): each
// function with a tableStream shape gets one mapping with its batch size, retried in order
// and never skipped, and only the records its items name.
import { describe, expect, it } from "vitest";
import { NOTICE_FOR_EVENT } from "../../shared/domain/notices.js";
import { DAY_S } from "../../shared/durations.js";
import { type FunctionShape, functions } from "../../shared/resources.js";
import { logicalId, stack, template } from "./template.js";

describe("table stream", () => {
  const streamReaders = functions.filter((f) => f.tableStream !== undefined);
  const mappingOf = (id: FunctionShape["id"]) => {
    const found = Object.values(
      template.findResources("AWS::Lambda::EventSourceMapping", {
        Properties: {
          EventSourceArn: { "Fn::GetAtt": [logicalId(stack.table), "StreamArn"] },
          FunctionName: { Ref: logicalId(stack.lambdas[id]) },
        },
      }),
    );
    expect(found).toHaveLength(1);
    return found[0]!.Properties;
  };
  const patternOf = (id: FunctionShape["id"]) => {
    const filters = mappingOf(id).FilterCriteria.Filters as { Pattern: string }[];
    expect(filters).toHaveLength(1);
    return JSON.parse(filters[0]!.Pattern);
  };

  it("feeds exactly the functions with a tableStream shape, stats and notices", () => {
    expect(streamReaders.map((f) => f.id).sort()).toEqual(["notices", "stats"]);
    const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping")).filter(
      (m) => m.Properties.EventSourceArn["Fn::GetAtt"]?.[1] === "StreamArn",
    );
    expect(mappings).toHaveLength(streamReaders.length);
  });

  it.each(streamReaders.map((f) => [f.id, f.tableStream!.batchSize] as const))(
    "gives %s batches of %i from the oldest record, retried in order as long as the stream keeps them, never skipped",
    (id, batchSize) => {
      expect(mappingOf(id)).toMatchObject({
        BatchSize: batchSize,
        StartingPosition: "TRIM_HORIZON",
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: -1,
        MaximumRecordAgeInSeconds: DAY_S,
        ParallelizationFactor: 1,
      });
      expect(mappingOf(id).DestinationConfig).toBeUndefined();
    },
  );

  it("gives stats the case items as they are created or change, nothing else", () => {
    expect(patternOf("stats")).toEqual({
      eventName: ["INSERT", "MODIFY"],
      dynamodb: { Keys: { pk: { S: [{ prefix: "CASE#" }] }, sk: { S: ["CASE"] } } },
    });
  });

  it("gives notices the new events on a case's chain whose type calls for a notice, nothing else", () => {
    expect(patternOf("notices")).toEqual({
      eventName: ["INSERT"],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: "CASE#" }] }, sk: { S: [{ prefix: "EVENT#" }] } },
        NewImage: { type: { S: Object.keys(NOTICE_FOR_EVENT) } },
      },
    });
  });
});
