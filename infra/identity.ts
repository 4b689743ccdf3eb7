// Who may sign in, and where: the Cognito user pool (no self sign-up, MFA required, one
// group per role, custom:agency set only by administrators), the API's app client, and
// for the console a hosted-UI domain and an app client that may do the authorization
// code grant with PKCE back to the console, and nothing else.
import { Aws, Duration, Fn, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import { ROLES } from "../shared/domain/model.js";
import { CALLBACK_PATH, CONSOLE_SCOPES, SIGN_IN_PATH } from "../shared/console/cognito-auth.js";

/** `cdk deploy -c cognitoDomainPrefix=<prefix>` names the hosted UI; otherwise one is made up, see below. */
export const DOMAIN_PREFIX_CONTEXT = "cognitoDomainPrefix";

const OIDC_SCOPES: Record<(typeof CONSOLE_SCOPES)[number], cognito.OAuthScope> = {
  openid: cognito.OAuthScope.OPENID,
  email: cognito.OAuthScope.EMAIL,
  profile: cognito.OAuthScope.PROFILE,
};

export interface SignIn {
  readonly userPool: cognito.UserPool;
  /** The API's client: SRP sign-in in the caller's own app, tokens for the HTTP API's JWT authorizer. */
  readonly apiClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The console's client: the hosted UI's authorization code grant with PKCE, no secret. */
  readonly consoleClient: cognito.UserPoolClient;
}

/**
 * `consoleOrigin` is the HTTP API's endpoint, https://<api id>.execute-api.<region>.<suffix>:
 * it must name the API alone. The console function reads the console client's id, the API's
 * stage depends on its routes and so on that function; a callback URL built from the stage
 * would close the loop client → stage → routes → function → client.
 */
export function createSignIn(scope: Construct, consoleOrigin: string): SignIn {
  const userPool = new cognito.UserPool(scope, "UserPool", {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    // Staff accounts reach petitioners' personal data: a second factor is mandatory.
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    customAttributes: { agency: new cognito.StringAttribute({ mutable: true }) },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const role of ROLES) userPool.addGroup(`Group-${role}`, { groupName: role });

  // Only administrators set custom:agency; a user who could write it could switch agency.
  const writeAttributes = new cognito.ClientAttributes().withStandardAttributes({ fullname: true });

  const apiClient = userPool.addClient("WebClient", {
    authFlows: { userSrp: true },
    disableOAuth: true,
    generateSecret: false,
    preventUserExistenceErrors: true,
    writeAttributes,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.hours(12),
  });

  const domain = userPool.addDomain("ConsoleDomain", {
    cognitoDomain: { domainPrefix: domainPrefix(scope) },
    managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
  });

  // A public client with PKCE rather than a confidential one: the console runs on a server
  // and could hold a secret, but the secret would have to be stored, read at cold start and
  // rotated, while PKCE already binds each code to the verifier only this sign-in's sealed
  // cookie holds, and Cognito redirects only to the URLs listed here.
  const consoleClient = userPool.addClient("ConsoleClient", {
    generateSecret: false,
    // No sign-in API flow of its own (no SRP, no password): only the hosted UI signs in for
    // this client. Refresh stays, as Cognito requires it, though the console keeps no refresh token.
    authFlows: { userSrp: false },
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: CONSOLE_SCOPES.map((name) => OIDC_SCOPES[name]),
      callbackUrls: [consoleOrigin + CALLBACK_PATH],
      logoutUrls: [consoleOrigin + SIGN_IN_PATH],
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    writeAttributes,
    // The console reads the ID token once, at the callback, and then relies on its own
    // session: Cognito's shortest lifetimes.
    idTokenValidity: Duration.minutes(5),
    accessTokenValidity: Duration.minutes(5),
    refreshTokenValidity: Duration.minutes(60),
    // Password, then the authenticator app, or at first sign-in a new password and enrolling one.
    authSessionValidity: Duration.minutes(10),
  });

  return { userPool, apiClient, domain, consoleClient };
}

/**
 * A prefix domain is global per region, so a fixed name would collide between deployments.
 * Unless the operator names one, it is `casebridge-` and the last 12 hex digits of the
 * stack's id: unique, stable for the stack's life, and revealing nothing (not the account).
 */
function domainPrefix(scope: Construct): string {
  const chosen: unknown = scope.node.tryGetContext(DOMAIN_PREFIX_CONTEXT);
  if (chosen === undefined) {
    const stackUuid = Fn.select(2, Fn.split("/", Aws.STACK_ID));
    return Fn.join("-", ["casebridge", Fn.select(4, Fn.split("-", stackUuid))]);
  }
  if (typeof chosen !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(chosen))
    throw new Error(`${DOMAIN_PREFIX_CONTEXT} must be 1-63 lowercase letters, digits and hyphens.`);
  if (/aws|amazon|cognito/.test(chosen))
    throw new Error(
      `${DOMAIN_PREFIX_CONTEXT} may not contain "aws", "amazon" or "cognito" (Cognito refuses them).`,
    );
  return chosen;
}
