// `npm run create-coordinator` against a user pool held in memory (the four admin calls it
// makes, with Cognito's error names): the user and its groups on the first run, only what is
// missing on the next, and one clear sentence for each way it can go wrong.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  type AdminCreateUserCommandInput,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import {
  CoordinatorError,
  createCoordinator,
  parseCoordinatorArgs,
  regionOf,
  type CoordinatorRequest,
} from "../../infra/coordinator.js";
import { ROLES } from "../../shared/domain/model.js";

const POOL = "eu-west-1_Pool123";

const cognitoError = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A user pool with the stack's groups (or those given); `calls` records each command's name. */
function memoryPool(options: { groups?: readonly string[]; failing?: Record<string, string> } = {}) {
  const groups = new Set(options.groups ?? ROLES);
  const users = new Map<
    string,
    { attributes: Record<string, string>; groups: Set<string>; status: string }
  >();
  const created: AdminCreateUserCommandInput[] = [];
  const calls: string[] = [];
  const send = async (command: { input: Record<string, any> }) => {
    const name = command.constructor.name;
    calls.push(name);
    const failing = options.failing?.[name];
    if (failing) throw cognitoError(failing);
    const { UserPoolId, Username } = command.input;
    if (UserPoolId !== POOL) throw cognitoError("ResourceNotFoundException", "User pool does not exist.");
    const user = users.get(Username);
    if (command instanceof AdminGetUserCommand) {
      if (!user) throw cognitoError("UserNotFoundException");
      return {
        Username,
        UserStatus: user.status,
        UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
      };
    }
    if (command instanceof AdminCreateUserCommand) {
      if (user) throw cognitoError("UsernameExistsException");
      created.push(command.input);
      const attributes = Object.fromEntries(command.input.UserAttributes!.map((a) => [a.Name!, a.Value!]));
      users.set(Username, { attributes, groups: new Set(), status: "FORCE_CHANGE_PASSWORD" });
      return {};
    }
    if (!user) throw cognitoError("UserNotFoundException");
    if (command instanceof AdminListGroupsForUserCommand) {
      // One group per page, to go through NextToken.
      const all = [...user.groups].sort();
      const at = Number(command.input.NextToken ?? 0);
      return {
        Groups: all.slice(at, at + 1).map((GroupName) => ({ GroupName })),
        ...(at + 1 < all.length ? { NextToken: String(at + 1) } : {}),
      };
    }
    if (command instanceof AdminAddUserToGroupCommand) {
      if (!groups.has(command.input.GroupName!))
        throw cognitoError("ResourceNotFoundException", "Group not found.");
      user.groups.add(command.input.GroupName!);
      return {};
    }
    throw new Error(`unexpected ${name}`);
  };
  return {
    cognito: { send } as unknown as Pick<CognitoIdentityProviderClient, "send">,
    users,
    created,
    calls,
  };
}

const request = (overrides: Partial<CoordinatorRequest> = {}): CoordinatorRequest => ({
  userPoolId: POOL,
  email: "lead@bureau.example.gov.cn",
  agency: "bureau",
  roles: ["coordinator"],
  ...overrides,
});

describe("creating a coordinator", () => {
  it("creates the user with a verified email and custom:agency, invited by email, in each role's group", async () => {
    const pool = memoryPool();

    const outcome = await createCoordinator(pool.cognito, request({ roles: ["coordinator", "intake"] }));

    expect(outcome).toEqual({
      created: true,
      status: "FORCE_CHANGE_PASSWORD",
      addedTo: ["coordinator", "intake"],
      alreadyIn: [],
    });
    expect(pool.created).toEqual([
      {
        UserPoolId: POOL,
        Username: "lead@bureau.example.gov.cn",
        UserAttributes: [
          { Name: "email", Value: "lead@bureau.example.gov.cn" },
          { Name: "email_verified", Value: "true" },
          { Name: "custom:agency", Value: "bureau" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      },
    ]);
    expect([...pool.users.get("lead@bureau.example.gov.cn")!.groups].sort()).toEqual([
      "coordinator",
      "intake",
    ]);
  });

  it("on a second run creates nothing and adds only the groups the user is not in yet", async () => {
    const pool = memoryPool();
    await createCoordinator(pool.cognito, request({ roles: ["coordinator", "intake"] }));
    pool.calls.length = 0;

    const again = await createCoordinator(
      pool.cognito,
      request({ roles: ["coordinator", "intake", "auditor"] }),
    );

    expect(again).toEqual({
      created: false,
      status: "FORCE_CHANGE_PASSWORD",
      addedTo: ["auditor"],
      alreadyIn: ["coordinator", "intake"],
    });
    expect(pool.created).toHaveLength(1);
    expect(pool.calls.filter((c) => c === "AdminAddUserToGroupCommand")).toHaveLength(1);
  });

  it("carries on as with an existing user when another run created it meanwhile", async () => {
    const racing = memoryPool();
    await createCoordinator(racing.cognito, request());
    // Our read misses the user, the creation then finds it there.
    let reads = 0;
    const cognito = {
      send: async (command: any) => {
        if (command instanceof AdminGetUserCommand && reads++ === 0)
          throw cognitoError("UserNotFoundException");
        return racing.cognito.send(command);
      },
    } as unknown as Pick<CognitoIdentityProviderClient, "send">;

    const outcome = await createCoordinator(cognito, request({ roles: ["coordinator", "intake"] }));

    expect(outcome).toMatchObject({ created: false, addedTo: ["intake"], alreadyIn: ["coordinator"] });
    // Our creation was refused as a duplicate: only the other run's went through.
    expect(racing.created).toHaveLength(1);
    expect(racing.calls.filter((c) => c === "AdminCreateUserCommand")).toHaveLength(2);
  });

  it("refuses to move an existing person to another agency, and changes nothing", async () => {
    const pool = memoryPool();
    await createCoordinator(pool.cognito, request({ agency: "hrss", roles: ["handler"] }));

    await expect(createCoordinator(pool.cognito, request())).rejects.toThrow(
      "lead@bureau.example.gov.cn already exists with agency hrss, not bureau; this command does not move people between agencies",
    );
    expect([...pool.users.get("lead@bureau.example.gov.cn")!.groups]).toEqual(["handler"]);
  });

  it("says so clearly when the pool does not exist, lacks the group, or the credentials may not", async () => {
    const cases: [ReturnType<typeof memoryPool>, CoordinatorRequest, RegExp][] = [
      [
        memoryPool(),
        request({ userPoolId: "eu-west-1_Elsewhere" }),
        /Could not read the user: no such user pool/,
      ],
      [
        memoryPool({ groups: ["intake"] }),
        request(),
        /Could not add the user to group coordinator: the pool has no such group/,
      ],
      [
        memoryPool({ failing: { AdminGetUserCommand: "AccessDeniedException" } }),
        request(),
        /Could not read the user: your AWS credentials may not do this on this pool/,
      ],
      [
        memoryPool({ failing: { AdminGetUserCommand: "CredentialsProviderError" } }),
        request(),
        /no AWS credentials found/,
      ],
    ];
    for (const [pool, req, message] of cases) {
      const attempt = createCoordinator(pool.cognito, req);
      await expect(attempt).rejects.toThrow(CoordinatorError);
      await expect(attempt).rejects.toThrow(message);
    }
  });
});

describe("the command line", () => {
  const args = (line: string) => line.split(" ").filter(Boolean);

  it("reads email, agency and roles, coordinator by default, and the pool from --user-pool-id or USER_POOL_ID", () => {
    expect(
      parseCoordinatorArgs(args("--email Lead@Bureau.example.gov.cn --agency bureau"), {
        USER_POOL_ID: POOL,
      }),
    ).toEqual({
      userPoolId: POOL,
      email: "lead@bureau.example.gov.cn",
      agency: "bureau",
      roles: ["coordinator"],
    });
    expect(
      parseCoordinatorArgs(
        args(`--email a@b.cn --agency bureau --roles coordinator,intake --user-pool-id ${POOL}`),
        { USER_POOL_ID: "us-east-1_Other" },
      ),
    ).toEqual({ userPoolId: POOL, email: "a@b.cn", agency: "bureau", roles: ["coordinator", "intake"] });
    expect(regionOf(POOL)).toBe("eu-west-1");
  });

  it("refuses what it cannot use, each time in one sentence that says what to give", () => {
    const env = { USER_POOL_ID: POOL };
    const refusals: [string, Record<string, string>, RegExp][] = [
      ["--agency bureau", env, /Give the person's email address with --email/],
      ["--email not-an-email --agency bureau", env, /--email/],
      ["--email a@b.cn --agency atlantis", env, /one of the jurisdiction's .*bureau, gov, hrss/],
      ["--email a@b.cn --agency bureau --roles coordinator,root", env, /Unknown role root; --roles takes/],
      ["--email a@b.cn --agency bureau", {}, /--user-pool-id or USER_POOL_ID/],
      ["--email a@b.cn --agency bureau --user-pool-id casebridge", {}, /casebridge is not a user pool id/],
      [
        "--email a@b.cn --agency bureau --admin",
        env,
        /Unknown option '--admin'.*Usage: npm run create-coordinator/,
      ],
    ];
    for (const [line, environment, message] of refusals)
      expect(() => parseCoordinatorArgs(args(line), environment), line).toThrow(message);
  });
});
