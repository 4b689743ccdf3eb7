// The load generator of the API read benchmark, run as a child process so that its
// CPU does not share an event loop with the server. It takes its orders over IPC, reads
// cases with Node's fetch (undici, keep-alive) from `clients` concurrent loops (closed
// loop), or at a fixed rate with at most `clients` in flight (open loop), and sends back
// every latency in milliseconds.

export interface ReadOrders {
  baseUrl: string;
  token: string;
  ids: string[];
  clients: number;
  warmup: number;
  requests: number;
  maxMs: number;
  /** Open loop: requests per second, each timed from its scheduled start. */
  ratePerS?: number;
}

export interface ReadResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  wallMs: number;
  /** CPU ms this client used for the measured requests. */
  cpuMs: number;
}

async function run(orders: ReadOrders): Promise<ReadResult> {
  const headers = { authorization: `Bearer ${orders.token}` };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const deadline = performance.now() + orders.maxMs;

  const readOne = async (measure: boolean, t0 = performance.now()) => {
    const id = orders.ids[issued++ % orders.ids.length]!;
    try {
      const res = await fetch(`${orders.baseUrl}/v1/cases/${id}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      if (measure) latencies.push(performance.now() - t0);
    } catch (err) {
      errors++;
      firstError ??= (err as Error).message;
    }
  };
  const loop = async (total: number, measure: boolean) => {
    let started = 0;
    await Promise.all(
      Array.from({ length: orders.clients }, async () => {
        while (started < total && performance.now() < deadline) {
          started++;
          await readOne(measure);
        }
      }),
    );
  };

  const paced = async (total: number, rate: number) => {
    const start = performance.now();
    let inFlight = 0;
    const calls: Promise<void>[] = [];
    for (let i = 0; i < total && performance.now() < deadline; i++) {
      const at = start + (i * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
      while (inFlight >= orders.clients && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 1));
      inFlight++;
      calls.push(
        readOne(true, at).finally(() => {
          inFlight--;
        }),
      );
    }
    await Promise.all(calls);
  };

  await loop(orders.warmup, false);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (orders.ratePerS === undefined) await loop(orders.requests, true);
  else await paced(orders.requests, orders.ratePerS);
  const cpu = process.cpuUsage(cpu0);
  return {
    latencies,
    errors,
    ...(firstError ? { firstError } : {}),
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

process.once("message", (orders: ReadOrders) => {
  run(orders).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (err: Error) => {
      console.error(err);
      process.exit(1);
    },
  );
});
