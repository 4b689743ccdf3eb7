// CDK app entry: the Casebridge stack, env-agnostic so it synthesizes offline, checked
// against the cdk-nag AWS Solutions rules on every synth. Acknowledged findings and their
// reasons sit next to the constructs they concern (infra/stack.ts, http-api.ts, files.ts).
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CasebridgeStack } from "./stack.js";

const app = new App();
new CasebridgeStack(app, "Casebridge", {
  description: "Casebridge: multi-agency petition case coordination",
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
