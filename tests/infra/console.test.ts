// The console on AWS, on the synthesized template: its function's settings and grants, its
// routes and their auth, the hosted-UI domain, the console's app client and its OAuth
// settings, and no dependency cycle between that client and the API.
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createSignIn, DOMAIN_PREFIX_CONTEXT } from "../../infra/identity.js";
import { bucketAccess, tableAccess } from "../../shared/resources.js";
import { logicalId, permissionsOf, propsOf, stack, template } from "./template.js";

const apiEndpointPlus = (path: string) => ({
  "Fn::Join": ["", [{ "Fn::GetAtt": [logicalId(stack.httpApi.api), "ApiEndpoint"] }, path]],
});

describe("the console function", () => {
  it("reads the table, both queues, the two registration keys, its session key, the console's Cognito names and the files bucket", () => {
    const variables = propsOf(stack.lambdas.console).Environment.Variables;
    expect(variables).toMatchObject({
      CONSOLE_SESSION_KEY_ID: { Ref: logicalId(stack.keys.consoleSession) },
      CONSOLE_CLIENT_ID: { Ref: logicalId(stack.signIn.consoleClient) },
      USER_POOL_ID: { Ref: logicalId(stack.signIn.userPool) },
      FILES_BUCKET: { Ref: logicalId(stack.files.bucket) },
    });
    expect(JSON.stringify(variables.COGNITO_DOMAIN)).toContain(logicalId(stack.signIn.domain));
    expect(Object.keys(variables).sort()).toEqual([
      "COGNITO_DOMAIN",
      "CONSOLE_CLIENT_ID",
      "CONSOLE_SESSION_KEY_ID",
      "FILES_BUCKET",
      "HANDOFFS_QUEUE_URL",
      "IDEMPOTENCY_MAC_KEY_ID",
      "NOTIFICATIONS_QUEUE_URL",
      "PETITIONER_MAC_KEY_ID",
      "POWERTOOLS_SERVICE_NAME",
      "TABLE_NAME",
      "USER_POOL_ID",
    ]);
  });

  it("is its own bundle on Node.js 22 arm64, with its own role and log group, capped at 20", () => {
    const props = propsOf(stack.lambdas.console);
    expect(props).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      ReservedConcurrentExecutions: 20,
    });
    expect(props.Role).toEqual({ "Fn::GetAtt": [logicalId(stack.roles.console), "Arn"] });
    for (const other of [
      "api",
      "router",
      "notifier",
      "sweeper",
      "relay",
      "agenda",
      "stats",
      "watch",
      "notices",
    ] as const) {
      expect(propsOf(stack.lambdas[other]).Role).not.toEqual(props.Role);
      expect(propsOf(stack.lambdas[other]).LoggingConfig.LogGroup).not.toEqual(props.LoggingConfig.LogGroup);
    }
  });

  it("may do to the table and in the files bucket what the api may, and no more", () => {
    expect(tableAccess.console.actions).toEqual(tableAccess.api.actions);
    expect(tableAccess.console.indexes).toEqual(tableAccess.api.indexes);
    expect(bucketAccess.console?.grants).toEqual(bucketAccess.api?.grants);
  });

  it("may call nothing of Cognito: the token endpoint and the key set are public", () => {
    expect(permissionsOf("console").filter((p) => p.startsWith("cognito"))).toEqual([]);
  });
});

describe("the console's routes", () => {
  const consoleRoutes = () =>
    Object.values(template.findResources("AWS::ApiGatewayV2::Route")).filter((r) =>
      / \/console(\/|$)/.test(r.Properties.RouteKey),
    );

  it("are GET /console, GET and POST /console/{proxy+} and GET /console/callback, none behind the JWT authorizer", () => {
    expect(consoleRoutes().map((r) => r.Properties.RouteKey)).toEqual([
      "GET /console",
      "GET /console/{proxy+}",
      "POST /console/{proxy+}",
      "GET /console/callback",
    ]);
    for (const route of consoleRoutes()) {
      expect(route.Properties.AuthorizationType ?? "NONE", route.Properties.RouteKey).toBe("NONE");
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it("let no method but GET and POST reach the console function", () => {
    expect(consoleRoutes().filter((r) => !/^(GET|POST) /.test(r.Properties.RouteKey))).toEqual([]);
  });
});

describe("the hosted UI", () => {
  it("is a Cognito prefix domain on the user pool, with the classic hosted UI", () => {
    expect(propsOf(stack.signIn.domain)).toMatchObject({
      UserPoolId: { Ref: logicalId(stack.signIn.userPool) },
      ManagedLoginVersion: 1,
    });
    expect(propsOf(stack.signIn.domain).CustomDomainConfig).toBeUndefined();
  });

  it("takes its prefix from the stack's id unless the operator names one", () => {
    expect(JSON.stringify(propsOf(stack.signIn.domain).Domain)).toContain("AWS::StackId");

    const named = new Stack(new App({ context: { [DOMAIN_PREFIX_CONTEXT]: "casebridge-prod" } }), "Named");
    createSignIn(named, "https://example.execute-api.eu-west-1.amazonaws.com");
    Template.fromStack(named).hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: "casebridge-prod",
    });
  });

  it("refuses a prefix Cognito would refuse, at synth", () => {
    for (const prefix of ["Casebridge", "my-cognito-login", "-lead", "x".repeat(64)]) {
      const named = new Stack(new App({ context: { [DOMAIN_PREFIX_CONTEXT]: prefix } }), "Named");
      expect(
        () => createSignIn(named, "https://example.execute-api.eu-west-1.amazonaws.com"),
        prefix,
      ).toThrow(DOMAIN_PREFIX_CONTEXT);
    }
  });
});

describe("the console's app client", () => {
  it("does the authorization code grant only, with openid email profile, for Cognito's own users, with no secret", () => {
    expect(propsOf(stack.signIn.consoleClient)).toMatchObject({
      UserPoolId: { Ref: logicalId(stack.signIn.userPool) },
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      SupportedIdentityProviders: ["COGNITO"],
      GenerateSecret: false,
      PreventUserExistenceErrors: "ENABLED",
    });
  });

  it("has no sign-in API flow of its own: only the hosted UI signs in for it", () => {
    expect(propsOf(stack.signIn.consoleClient).ExplicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
  });

  it("returns only to the console on this API: /console/callback, and /console/sign-in after sign-out", () => {
    expect(propsOf(stack.signIn.consoleClient)).toMatchObject({
      CallbackURLs: [apiEndpointPlus("/console/callback")],
      LogoutURLs: [apiEndpointPlus("/console/sign-in")],
    });
  });

  it("issues ID and access tokens for 5 minutes and refresh tokens for an hour, Cognito's shortest", () => {
    expect(propsOf(stack.signIn.consoleClient)).toMatchObject({
      IdTokenValidity: 5,
      AccessTokenValidity: 5,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "minutes" },
    });
  });

  it("is not an audience of the API's JWT authorizer: a console token opens no /v1 route", () => {
    const [authorizer] = Object.values(template.findResources("AWS::ApiGatewayV2::Authorizer"));
    expect(authorizer!.Properties.JwtConfiguration.Audience).toEqual([
      { Ref: logicalId(stack.signIn.apiClient) },
    ]);
  });
});

it("outputs the console URL and the hosted UI's", () => {
  const outputs = template.toJSON().Outputs;
  expect(JSON.stringify(outputs.ConsoleUrl.Value)).toMatch(/"\/console"\]/);
  expect(JSON.stringify(outputs.HostedUiUrl.Value)).toContain(logicalId(stack.signIn.domain));
});

it("names the API, not its stage, in the console client: no dependency cycle", () => {
  // Template.fromStack (tests/infra/template.ts) already refuses a template with a cycle.
  // This is the one the console could close: stage → routes' permissions → console function
  // (CONSOLE_CLIENT_ID) → console client → stage, were the callback URL built from the stage.
  expect(JSON.stringify(propsOf(stack.signIn.consoleClient))).not.toContain(logicalId(stack.httpApi.stage));
});
