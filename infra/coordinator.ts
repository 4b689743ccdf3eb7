// A person in the user pool, made by an operator with their own AWS credentials: the
// Cognito user (email verified, custom:agency) and one group per role. Run twice, it adds
// only what is missing; it never moves a person to another agency. The command around it
// is infra/create-coordinator.ts.
import { parseArgs } from "node:util";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { USER_POOL_ID_PATTERN } from "../shared/config.js";
import { demoAgencies } from "../shared/domain/demo-county.js";
import { ROLES, type Role } from "../shared/domain/model.js";

export interface CoordinatorRequest {
  readonly userPoolId: string;
  readonly email: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

export interface CoordinatorOutcome {
  /** A new user: Cognito has emailed a temporary password. */
  readonly created: boolean;
  /** Cognito's status of the user, e.g. FORCE_CHANGE_PASSWORD until the first sign-in. */
  readonly status: string;
  readonly addedTo: readonly Role[];
  readonly alreadyIn: readonly Role[];
}

/** A refusal the operator can act on; the command prints its message alone. */
export class CoordinatorError extends Error {
  override name = "CoordinatorError";
}

export const USAGE =
  "npm run create-coordinator -- --email <email> --agency <agency> [--roles coordinator,intake] [--user-pool-id <id>]";

/** The command line and USER_POOL_ID, checked: each problem is one sentence. */
export function parseCoordinatorArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CoordinatorRequest {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        email: { type: "string" },
        agency: { type: "string" },
        roles: { type: "string", default: "coordinator" },
        "user-pool-id": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CoordinatorError(`${(error as Error).message}. Usage: ${USAGE}`);
  }
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new CoordinatorError(`Give the person's email address with --email. Usage: ${USAGE}`);
  const agencies = demoAgencies.map((a) => a.id);
  if (!values.agency || !agencies.includes(values.agency))
    throw new CoordinatorError(
      `Give the agency with --agency, one of the jurisdiction's (npm run seed loads them): ${agencies.join(", ")}.`,
    );
  const roles = [...new Set((values.roles ?? "").split(",").map((r) => r.trim()))].filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (!roles.length || unknown.length)
    throw new CoordinatorError(
      `${unknown.length ? `Unknown role ${unknown.join(", ")}` : "No role given"}; --roles takes a comma-separated list of ${ROLES.join(", ")}.`,
    );
  const userPoolId = values["user-pool-id"] ?? env.USER_POOL_ID;
  if (!userPoolId)
    throw new CoordinatorError(
      "Give the user pool with --user-pool-id or USER_POOL_ID (the stack's UserPoolId output).",
    );
  if (!USER_POOL_ID_PATTERN.test(userPoolId))
    throw new CoordinatorError(`${userPoolId} is not a user pool id (such as eu-west-1_AbC123xyZ).`);
  return { userPoolId, email, agency: values.agency, roles: roles as Role[] };
}

/** The pool's region, from its id (`<region>_<id>`): the operator need not set one. */
export const regionOf = (userPoolId: string) => userPoolId.split("_")[0]!;

type Cognito = Pick<CognitoIdentityProviderClient, "send">;

export async function createCoordinator(
  cognito: Cognito,
  request: CoordinatorRequest,
): Promise<CoordinatorOutcome> {
  const { userPoolId, email, agency } = request;
  let user = await call("read the user", () => findUser(cognito, request));
  let created = false;
  if (!user) {
    created = await call("create the user", async () => {
      try {
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: email,
            UserAttributes: [
              { Name: "email", Value: email },
              // The address is the operator's to vouch for; the invitation goes to it.
              { Name: "email_verified", Value: "true" },
              { Name: "custom:agency", Value: agency },
            ],
            DesiredDeliveryMediums: ["EMAIL"],
          }),
        );
        return true;
      } catch (error) {
        // Created meanwhile by another run: carry on as with an existing user.
        if ((error as Error).name === "UsernameExistsException") return false;
        throw error;
      }
    });
    user = await call("read the new user", () => findUser(cognito, request));
  }
  const current = user?.UserAttributes?.find((a) => a.Name === "custom:agency")?.Value;
  if (current !== agency)
    throw new CoordinatorError(
      `${email} already exists with agency ${current ?? "(none)"}, not ${agency}; this command does not move ` +
        "people between agencies (an administrator changes custom:agency in the Cognito console).",
    );

  const groups = await call("list the user's groups", () => groupsOf(cognito, request));
  const addedTo = request.roles.filter((role) => !groups.includes(role));
  for (const role of addedTo) {
    await call(`add the user to group ${role}`, () =>
      cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }),
      ),
    );
  }
  return {
    created,
    status: user?.UserStatus ?? "UNKNOWN",
    addedTo,
    alreadyIn: request.roles.filter((role) => groups.includes(role)),
  };
}

async function findUser(cognito: Cognito, { userPoolId, email }: CoordinatorRequest) {
  try {
    return (await cognito.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
    )) as AdminGetUserCommandOutput;
  } catch (error) {
    if ((error as Error).name === "UserNotFoundException") return undefined;
    throw error;
  }
}

async function groupsOf(cognito: Cognito, { userPoolId, email }: CoordinatorRequest): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined;
  do {
    const page = await cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: email, NextToken: next }),
    );
    names.push(...(page.Groups ?? []).map((g) => g.GroupName!));
    next = page.NextToken;
  } while (next);
  return names;
}

/** Cognito's errors as sentences an operator can act on. */
async function call<T>(what: string, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof CoordinatorError) throw error;
    const { name, message } = error as Error;
    const because: Record<string, string> = {
      ResourceNotFoundException: what.startsWith("add the user to group")
        ? "the pool has no such group: is this the Casebridge stack's pool, deployed at this version?"
        : "no such user pool in its region: check --user-pool-id (the stack's UserPoolId output)",
      AccessDeniedException: "your AWS credentials may not do this on this pool (cognito-idp:Admin* actions)",
      UnrecognizedClientException:
        "no valid AWS credentials: sign in (aws sso login, or AWS_PROFILE) and retry",
      ExpiredTokenException: "your AWS credentials have expired: sign in again and retry",
      CredentialsProviderError: "no AWS credentials found: sign in (aws sso login, or AWS_PROFILE) and retry",
      InvalidParameterException: message,
      TooManyRequestsException: "Cognito is throttling: wait a moment and run the same command again",
    };
    throw new CoordinatorError(`Could not ${what}: ${because[name] ?? `${name}: ${message}`}.`, {
      cause: error,
    });
  }
}
