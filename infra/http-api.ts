// The HTTP API: the api function behind the Cognito JWT authorizer on every /v1 route, the
// public pages (health, the OpenAPI document, the docs and their assets, the landing page),
// the Open311 facade under /open311 behind its client apps' API keys, the console function
// under /console, each route with its own throttle, and access logs without request bodies.
import { Stack, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { LOG_RETENTION, NAME_PREFIX } from "./naming.js";

/** The functions behind the API. */
export type RouteTarget = "api" | "console";

interface RouteShape {
  readonly method: HttpMethod;
  readonly path: string;
  /** Defaults to the api. */
  readonly target?: RouteTarget;
  /** Requests per second and burst for this route alone, counted across all callers. */
  readonly rate: number;
  readonly burst: number;
  /** A public route says why it needs no token. */
  readonly publicBecause?: string;
  /** A console route says why its own session, not a JWT, guards it. */
  readonly sessionBecause?: string;
  /** An Open311 route says why a client app's API key, not a JWT, guards it. */
  readonly apiKeyBecause?: string;
}

/** Why no console route takes the JWT authorizer: the same for each, said once. */
const CONSOLE_SESSION =
  "a browser sends no bearer token; the console signs people in through the Cognito hosted UI " +
  "(authorization code with PKCE, the ID token verified by the console function) and then checks its own " +
  "encrypted, HttpOnly session cookie on every page";

/** Why no Open311 route takes the JWT authorizer: the same for each, said once. */
const OPEN311_API_KEY =
  "a per-app API key the api function checks (a hash kept in the table), each key with its own rate limit; " +
  "GeoReport v2 clients send no bearer token (discovery alone needs no key: it says where to ask for one)";

/**
 * The HTTP API's routes, each with its own throttle: a flood on one route (a public page,
 * registration) uses up that route's limit only, not the rest of the API's.
 */
const ROUTES: readonly RouteShape[] = [
  { method: HttpMethod.GET, path: "/v1/{proxy+}", rate: 100, burst: 200 },
  { method: HttpMethod.POST, path: "/v1/{proxy+}", rate: 50, burst: 100 },
  // Configuration (webhooks, routing rules, calendars): a few changes a day.
  { method: HttpMethod.PUT, path: "/v1/{proxy+}", rate: 10, burst: 20 },
  // Revocations (an Open311 client app's key): rarer still than configuration.
  { method: HttpMethod.DELETE, path: "/v1/{proxy+}", rate: 10, burst: 20 },
  // Registration is the intake desk's work, and each one costs two KMS MACs and a transaction.
  { method: HttpMethod.POST, path: "/v1/cases", rate: 10, burst: 20 },
  {
    method: HttpMethod.GET,
    path: "/health",
    rate: 5,
    burst: 10,
    publicBecause: "a liveness probe for monitors; it answers status and time without reading the table",
  },
  {
    method: HttpMethod.GET,
    path: "/openapi.json",
    rate: 5,
    burst: 10,
    publicBecause: "the API contract, generated from the zod schemas; it holds no data",
  },
  {
    method: HttpMethod.GET,
    path: "/docs",
    rate: 5,
    burst: 10,
    publicBecause: "the API reference page, rendered from the OpenAPI document; it holds no data",
  },
  {
    method: HttpMethod.GET,
    path: "/docs/{proxy+}",
    rate: 20,
    burst: 40,
    publicBecause:
      "the reference page's static assets (scripts, styles), loaded by the browser before anyone signs in",
  },
  {
    method: HttpMethod.GET,
    path: "/",
    rate: 5,
    burst: 10,
    publicBecause: "the landing page that points to the docs and the sign-in; it holds no data",
  },
  // Open311 (GeoReport v2) apps, all together: each key's own per-minute rate is counted in
  // the table; filing (POST) is registration, as POST /v1/cases, and a read is a few queries.
  {
    method: HttpMethod.GET,
    path: "/open311/{proxy+}",
    rate: 50,
    burst: 100,
    apiKeyBecause: OPEN311_API_KEY,
  },
  {
    method: HttpMethod.POST,
    path: "/open311/{proxy+}",
    rate: 10,
    burst: 20,
    apiKeyBecause: OPEN311_API_KEY,
  },
  // The console: GET and POST only, the two methods an HTML page and its forms send.
  {
    method: HttpMethod.GET,
    path: "/console",
    target: "console",
    rate: 10,
    burst: 20,
    sessionBecause: CONSOLE_SESSION,
  },
  {
    method: HttpMethod.GET,
    path: "/console/{proxy+}",
    target: "console",
    rate: 50,
    burst: 100,
    sessionBecause: CONSOLE_SESSION,
  },
  // Commands, each a form: as /v1's POSTs.
  {
    method: HttpMethod.POST,
    path: "/console/{proxy+}",
    target: "console",
    rate: 50,
    burst: 100,
    sessionBecause: CONSOLE_SESSION,
  },
  // The hosted UI's return: each one costs a request to Cognito's token endpoint, counted
  // against the account's Cognito quota the API's users share; a morning's sign-ins fit well within.
  {
    method: HttpMethod.GET,
    path: "/console/callback",
    target: "console",
    rate: 10,
    burst: 20,
    sessionBecause: CONSOLE_SESSION,
  },
];

export interface CasebridgeHttpApi {
  readonly api: HttpApi;
  readonly stage: HttpStage;
}

/**
 * The API and its stage, without routes: the console's app client needs the API's endpoint
 * before the console function (which reads that client's id) exists to route to.
 */
export function createHttpApi(scope: Construct): CasebridgeHttpApi {
  const api = new HttpApi(scope, "HttpApi", { apiName: NAME_PREFIX, createDefaultStage: false });
  const accessLogs = new LogGroup(scope, "ApiAccessLogs", { retention: LOG_RETENTION });
  const stage = api.addStage("DefaultStage", {
    stageName: "$default",
    autoDeploy: true,
    throttle: { rateLimit: 100, burstLimit: 200 },
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: "$context.requestId",
          sourceIp: "$context.identity.sourceIp",
          requestTime: "$context.requestTimeEpoch",
          routeKey: "$context.routeKey",
          path: "$context.path",
          status: "$context.status",
          latencyMs: "$context.responseLatency",
          sub: "$context.authorizer.claims.sub",
          authorizerError: "$context.authorizer.error",
          integrationError: "$context.integrationErrorMessage",
        }),
      ),
    },
  });
  return { api, stage };
}

/** Every route to its function, the JWT authorizer on each but the public, Open311 and console ones. */
export function addRoutes(
  scope: Construct,
  { api, stage }: CasebridgeHttpApi,
  targets: Record<RouteTarget, IFunction>,
  userPool: cognito.UserPool,
  client: cognito.UserPoolClient,
): void {
  const integrations: Record<RouteTarget, HttpLambdaIntegration> = {
    api: new HttpLambdaIntegration("ApiIntegration", targets.api),
    console: new HttpLambdaIntegration("ConsoleIntegration", targets.console),
  };
  const authorizer = new HttpJwtAuthorizer(
    "CognitoAuthorizer",
    `https://cognito-idp.${Stack.of(scope).region}.amazonaws.com/${userPool.userPoolId}`,
    { jwtAudience: [client.userPoolClientId] },
  );
  for (const shape of ROUTES) {
    const withoutJwt = shape.publicBecause
      ? `is public by design: ${shape.publicBecause}`
      : shape.sessionBecause
        ? `is guarded by the console's session, not a JWT: ${shape.sessionBecause}`
        : shape.apiKeyBecause
          ? `is guarded by an API key, not a JWT: ${shape.apiKeyBecause}`
          : undefined;
    const [route] = api.addRoutes({
      path: shape.path,
      methods: [shape.method],
      integration: integrations[shape.target ?? "api"],
      ...(withoutJwt ? {} : { authorizer }),
    });
    // CloudFormation refuses route settings for a route key that does not exist yet.
    stage.node.addDependency(route!);
    if (withoutJwt) {
      Validations.of(route!).acknowledge({
        id: "AwsSolutions-APIG4",
        reason: `${shape.method} ${shape.path} ${withoutJwt}. Every /v1 route requires the Cognito JWT authorizer.`,
      });
    }
  }
  // The L2 stage has only the default throttle; per-route limits go on the L1 stage.
  (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
    ROUTES.map((shape) => [
      `${shape.method} ${shape.path}`,
      { ThrottlingRateLimit: shape.rate, ThrottlingBurstLimit: shape.burst },
    ]),
  );
}
