// How the demo talks to Casebridge: one small client over the two runtimes (a server on
// PORT over HTTP, or the embedded stack's `app.request`), with tokens from the local-only
// /dev/token route for each demo role, and the /dev clock and tick routes.
import type { Role } from "../../../shared/domain/model.js";

export interface Caller {
  sub: string;
  agency: string;
  roles: Role[];
}

export interface ApiAnswer<T = unknown> {
  status: number;
  /** The parsed JSON body, when the answer is JSON. */
  body: T;
  text: string;
}

export interface DemoClient {
  /** Call the API as `as` (a token from /dev/token for the clock's current time). */
  request<T = unknown>(
    method: string,
    path: string,
    as?: Caller,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer<T>>;
  setClock(at: Date): Promise<Date>;
  /** Move the clock by an ISO-8601 duration such as P1D. */
  advance(duration: string): Promise<Date>;
  /** Every schedule once at the clock's now (relay, sweeper, agenda), queues drained. */
  tick(): Promise<void>;
  readonly requests: number;
}

export type Send = (path: string, init: RequestInit) => Promise<Response>;

/**
 * A client over anything that answers like the Casebridge app: `fetch` to a running server,
 * or the embedded stack's `app.request`. Both serve the local-only /dev routes.
 */
export function fetchClient(send: Send): DemoClient {
  const tokens = new Map<string, Promise<string>>();
  let requests = 0;

  async function call<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    requests++;
    const res = await send(path, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: res.status, body: json as T, text };
  }

  // Tokens are signed for the clock's now and live 12 hours: a moved clock needs new ones.
  function token(who: Caller): Promise<string> {
    const key = `${who.sub}|${who.agency}|${who.roles.join(",")}`;
    let pending = tokens.get(key);
    if (!pending) {
      pending = call<{ token: string }>("POST", "/dev/token", {}, who).then((a) => {
        if (a.status !== 200)
          throw new Error(`POST /dev/token answered ${a.status}: ${a.text.slice(0, 300)}`);
        return a.body.token;
      });
      pending.catch(() => tokens.delete(key));
      tokens.set(key, pending);
    }
    return pending;
  }

  async function moveClock(body: { set: string } | { advance: string }): Promise<Date> {
    tokens.clear();
    const a = await call<{ now: string }>("POST", "/dev/clock", {}, body);
    if (a.status !== 200) throw new Error(`POST /dev/clock answered ${a.status}: ${a.text.slice(0, 300)}`);
    return new Date(a.body.now);
  }

  return {
    get requests() {
      return requests;
    },
    async request<T>(
      method: string,
      path: string,
      as?: Caller,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const auth: Record<string, string> = as ? { authorization: `Bearer ${await token(as)}` } : {};
      return call<T>(method, path, { ...headers, ...auth }, body);
    },
    setClock: (at) => moveClock({ set: at.toISOString() }),
    advance: (duration) => moveClock({ advance: duration }),
    async tick() {
      const a = await call("POST", "/dev/tick", {});
      if (a.status !== 200) throw new Error(`POST /dev/tick answered ${a.status}: ${a.text.slice(0, 300)}`);
    },
  };
}
