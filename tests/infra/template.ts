// The Casebridge stack synthesized once per test file, with the feature flags `cdk synth`
// uses and bundling skipped (no esbuild runs), and ways to read it by construct.
import { readFileSync } from "node:fs";
import { App, type CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { expect } from "vitest";
import { CasebridgeStack } from "../../infra/stack.js";
import type { FunctionShape } from "../../shared/resources.js";

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

// An empty bundling list skips esbuild for every stack.
export const app = new App({ context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] } });
export const stack = new CasebridgeStack(app, "Casebridge");
export const template = Template.fromStack(stack);
export const resources: Record<string, Resource> = template.toJSON().Resources;

export const logicalId = (construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
export const propsOf = (construct: IConstruct) => resources[logicalId(construct)]!.Properties;
export const getAtt = (construct: IConstruct) => ({ "Fn::GetAtt": [logicalId(construct), "Arn"] });

/** Every (action, resource) pair the function's role allows, resources as logical ids. */
export function permissionsOf(fnId: FunctionShape["id"]): string[] {
  const roleId = propsOf(stack.lambdas[fnId]).Role["Fn::GetAtt"][0] as string;
  const pairs: string[] = [];
  for (const policy of Object.values(resources)) {
    if (policy.Type !== "AWS::IAM::Policy" || !policy.Properties.Roles.some((r: any) => r.Ref === roleId))
      continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe("Allow");
      for (const action of [statement.Action].flat()) {
        for (const resource of [statement.Resource].flat())
          pairs.push(`${action} ${describeResource(resource)}`);
      }
    }
  }
  return pairs;
}

function describeResource(resource: any): string {
  if (typeof resource === "string") return resource;
  if (resource["Fn::GetAtt"]) return resource["Fn::GetAtt"][0];
  const [, parts] = resource["Fn::Join"];
  return parts.map(describeResource).join("");
}
