// `npm run create-coordinator`: the first coordinator (or any person) in the deployed user
// pool, with the operator's own AWS credentials; the work is infra/coordinator.ts.
//   npm run create-coordinator -- --email <e> --agency bureau [--roles coordinator,intake]
// The pool comes from --user-pool-id or USER_POOL_ID (the stack's UserPoolId output).
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { createCoordinator, parseCoordinatorArgs, regionOf } from "./coordinator.js";

async function main() {
  const request = parseCoordinatorArgs(process.argv.slice(2), process.env);
  const cognito = new CognitoIdentityProviderClient({ region: regionOf(request.userPoolId) });
  const outcome = await createCoordinator(cognito, request);
  const { email, agency } = request;
  console.log(
    outcome.created
      ? `Created ${email} (agency ${agency}); Cognito has emailed them a temporary password.`
      : `${email} (agency ${agency}) already exists; status ${outcome.status}.`,
  );
  if (outcome.addedTo.length) console.log(`Added to groups: ${outcome.addedTo.join(", ")}.`);
  if (outcome.alreadyIn.length) console.log(`Already in groups: ${outcome.alreadyIn.join(", ")}.`);
  if (outcome.created || outcome.status === "FORCE_CHANGE_PASSWORD")
    console.log(
      "At the first sign-in (the stack's ConsoleUrl output) they choose a password and set up an authenticator " +
        "app: the pool requires MFA. Should the temporary password expire first, resend it with aws cognito-idp " +
        `admin-create-user --user-pool-id ${request.userPoolId} --username ${email} --message-action RESEND.`,
    );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
