// The Open311 GeoReport v2 facade's work (docs/open311.md), behind its HTTP layer
// (shared/http/open311.ts): services from the jurisdiction's categories, a request filed
// as the intake desk registers a petition, and an app's own requests read back as the
// standard shows them. An app acts as the bureau's intake desk for what it files and
// sees nothing else: every read goes through the list of the cases it filed.
import { DAY_MS } from "../durations.js";
import { BUREAU, type Identity } from "../domain/access.js";
import { canonicalJson } from "../domain/audit.js";
import type { Case } from "../domain/model.js";
import {
  open311Status,
  serviceDefinitionOf,
  serviceRequestOf,
  servicesOf,
  titleOf,
  type Open311Language,
  type ServiceRequest,
  type Submission,
} from "../domain/open311.js";
import { BadRequestError, NotFoundError, RuleViolationError } from "../errors.js";
import type { Open311Client } from "../open311-ports.js";
import type { CaseService } from "./cases.js";
import type { Deps } from "./deps.js";
import type { ReferenceCache } from "./reference-cache.js";

/** The most a GET requests answers, and the longest span it covers (GeoReport v2). */
export const REQUESTS_CAP = 1000;
export const MAX_SPAN_DAYS = 90;
/** Cases read from the app's list per BatchGetItem round, and at most per GET requests. */
const READ_BATCH = 100;
export const READ_LIMIT = 5000;
/** Codes looked up side by side when a GET requests names them. */
const LOOKUPS_AT_ONCE = 10;

/** A service request as the app sends it, checked for shape by the HTTP layer. */
export interface Open311Submission {
  jurisdictionId?: string;
  serviceCode: string;
  name: string;
  email?: string;
  phone?: string;
  description: string;
  mediaUrl?: string;
  location?: Submission["location"];
  region: string;
  headcount?: number;
  respondentAgency?: string;
}

export interface RequestQuery {
  codes?: string[];
  start?: Date;
  end?: Date;
  status?: ("open" | "closed")[];
  serviceCodes?: string[];
}

export type Open311Deps = Pick<Deps, "clock" | "store" | "policy" | "hasher" | "settings">;

/** The identity an app files under: the bureau's intake desk, named after the app. */
export const appIdentity = (client: Pick<Open311Client, "id">): Identity => ({
  sub: `open311:${client.id}`,
  agency: BUREAU,
  roles: ["intake"],
});

export class Open311Service {
  constructor(
    private readonly deps: Open311Deps,
    private readonly cases: CaseService,
    private readonly references: ReferenceCache,
  ) {}

  /** Read when asked, not when the app is built: the OpenAPI build builds it with no settings. */
  get jurisdictionId(): string {
    return this.deps.settings.JURISDICTION_ID;
  }

  private get timeZone(): string {
    return this.deps.policy.calendar.timeZone;
  }

  /** An app naming another jurisdiction is told so, whatever else it asks. */
  checkJurisdiction(jurisdictionId: string | undefined): void {
    if (jurisdictionId !== undefined && jurisdictionId !== this.jurisdictionId)
      throw new NotFoundError(
        `jurisdiction_id "${jurisdictionId}" not found; this is "${this.jurisdictionId}".`,
      );
  }

  async services(lang: Open311Language) {
    return servicesOf(await this.references.get(), lang);
  }

  async definition(serviceCode: string, lang: Open311Language) {
    const reference = await this.references.get();
    const category = reference.categories.get(serviceCode);
    if (!category) throw new NotFoundError(`service_code "${serviceCode}" not found.`);
    return serviceDefinitionOf(category, reference, lang);
  }

  /**
   * Files the request as a petition, exactly as the intake desk registers one. The same
   * request sent again within a day (an app's retry) answers the case it filed the first
   * time: by the app's Idempotency-Key, or else by the request itself.
   */
  async submit(
    client: Open311Client,
    input: Open311Submission,
    idempotencyKey?: string,
  ): Promise<{ case: Case; replayed: boolean }> {
    this.checkJurisdiction(input.jurisdictionId);
    const reference = await this.references.get();
    const category = reference.categories.get(input.serviceCode);
    if (!category) throw new BadRequestError(`service_code "${input.serviceCode}" not found.`);
    const submission: Submission = {
      via: "open311",
      client: client.id,
      clientName: client.name,
      ...(input.mediaUrl ? { mediaUrl: input.mediaUrl } : {}),
      ...(input.location ? { location: input.location } : {}),
    };
    // Keyed, as every request hash is: the request holds a name and a phone number, and a
    // plain hash of it in a key could be confirmed by anyone who guesses them.
    const key =
      idempotencyKey ?? (await this.deps.hasher.requestHash(canonicalJson({ open311: client.id, ...input })));
    try {
      return await this.cases.register(
        appIdentity(client),
        {
          channel: "online",
          petitioner: {
            name: input.name,
            ...(input.phone ? { phone: input.phone } : {}),
            ...(input.email ? { email: input.email } : {}),
          },
          ...(input.headcount !== undefined ? { headcount: input.headcount } : {}),
          category: category.id,
          region: input.region,
          title: titleOf(category, input.description),
          description: input.description,
          ...(input.respondentAgency ? { respondent: { agency: input.respondentAgency } } : {}),
          submission,
        },
        key,
      );
    } catch (err) {
      // GeoReport v2 answers a request it cannot take with 400, whatever the reason.
      if (err instanceof RuleViolationError) throw new BadRequestError(err.message);
      throw err;
    }
  }

  /** One of the app's requests by its service_request_id (the case code); 404 for any other. */
  async request(client: Open311Client, code: string, lang: Open311Language): Promise<ServiceRequest> {
    const caseId = await this.deps.store.submittedCaseId(client.id, code);
    const found = caseId ? await this.deps.store.getCase(caseId) : undefined;
    if (!found || found.submission?.client !== client.id)
      throw new NotFoundError(`service_request_id "${code}" not found.`);
    return serviceRequestOf(found, await this.references.get(), lang, this.timeZone);
  }

  /** The request a token stands for, if this app filed it. */
  async token(client: Open311Client, token: string): Promise<{ token: string; service_request_id: string }> {
    const found = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(token) ? await this.deps.store.getCase(token) : undefined;
    if (!found || found.submission?.client !== client.id)
      throw new NotFoundError(`token "${token}" not found.`);
    return { token, service_request_id: found.code };
  }

  /**
   * The app's requests, newest first: those it names by id, or those created in the span
   * (the last 90 days by default, never more) that match the status and service codes
   * asked for, at most 1,000.
   */
  async requests(
    client: Open311Client,
    query: RequestQuery,
    lang: Open311Language,
  ): Promise<ServiceRequest[]> {
    const reference = await this.references.get();
    const show = (c: Case) => serviceRequestOf(c, reference, lang, this.timeZone);
    if (query.codes?.length) {
      const found: ServiceRequest[] = [];
      for (let i = 0; i < query.codes.length; i += LOOKUPS_AT_ONCE) {
        const ids = await Promise.all(
          query.codes
            .slice(i, i + LOOKUPS_AT_ONCE)
            .map((code) => this.deps.store.submittedCaseId(client.id, code)),
        );
        const cases = await this.deps.store.getCases(ids.filter((id): id is string => id !== undefined));
        for (const c of cases) if (c.submission?.client === client.id) found.push(show(c));
      }
      return found;
    }
    const now = this.deps.clock.now();
    const end = query.end ?? now;
    const start = query.start ?? new Date(end.getTime() - MAX_SPAN_DAYS * DAY_MS);
    if (start > end) throw new BadRequestError("start_date is after end_date.");
    if (end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS)
      throw new BadRequestError(`start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart.`);
    const keep = (c: Case) =>
      (!query.status?.length || query.status.includes(open311Status(c))) &&
      (!query.serviceCodes?.length || query.serviceCodes.includes(c.category));
    const found: ServiceRequest[] = [];
    let after: { createdAt: string; caseId: string } | undefined;
    // Bounded: with a narrow filter over a busy app, the newest READ_LIMIT requests of the span are looked at.
    for (let read = 0; found.length < REQUESTS_CAP && read < READ_LIMIT; read += READ_BATCH) {
      const ids = await this.deps.store.submittedCaseIds(
        client.id,
        { from: start.toISOString(), to: end.toISOString() },
        READ_BATCH,
        after,
      );
      if (ids.length === 0) break;
      const cases = await this.deps.store.getCases(ids.map((e) => e.caseId));
      for (const c of cases) if (keep(c) && found.length < REQUESTS_CAP) found.push(show(c));
      after = ids.at(-1);
      if (ids.length < READ_BATCH) break;
    }
    return found;
  }
}
