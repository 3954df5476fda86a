// Scenario: how long /metrics takes to render for a service with 100 unary methods that
// has seen every one of the 17 status codes on each of them (1,700 grpc_code series).
//
//   baseline  prom-client alone: the same families and series (go-grpc-middleware shape,
//             DefBuckets, plus collectDefaultMetrics), observed directly.
//   kansoku   createObservability's registry, filled by real calls through
//             obs.serverInterceptors on a real grpc-js server, tracing on (spans go to a
//             no-op exporter) so that sampled calls leave exemplars.
//
// Both are timed in the same process, interleaved, as registry.metrics() and as an HTTP
// GET of /metrics (text format and, for exemplars, OpenMetrics). Target: kansoku's median
// under 20 ms. Reported, never asserted.
//
//   npm run bench -- metrics-render [--iterations 300] [--methods 100]
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import {
  createObservability,
  type EncodedSpansExporter,
  GRPC_CODE_NAMES,
  METRICS,
  type Observability,
} from '@kansoku/instrumentation';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { median, quantile } from './lib/stats.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    iterations: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    methods: { type: 'string', default: '100' },
  },
});
const iterations = Number(args.iterations);
const methodCount = Number(args.methods);
const SERVICE = 'kansoku.bench.Render';
const CODES = Object.values(grpc.status).filter((code): code is number => typeof code === 'number');
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
const methods = Array.from({ length: methodCount }, (_, i) => `Method${String(i).padStart(3, '0')}`);

interface Subject {
  name: string;
  render: () => Promise<string>;
  httpUrl: string;
}

// --- baseline: prom-client alone, same families and series --------------------------------

async function baseline(): Promise<{ subject: Subject; close: () => Promise<void> }> {
  // prom-client fixes the format per registry, and rendering OpenMetrics once renames its
  // counters for good (the text format then loses `_total`), so each format gets its own.
  const text = filledRegistry(Registry.PROMETHEUS_CONTENT_TYPE);
  const open = filledRegistry(Registry.OPENMETRICS_CONTENT_TYPE);
  const server = createServer(async (req, res) => {
    const registry = req.headers.accept?.includes('application/openmetrics-text') ? open : text;
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    subject: { name: 'prom-client alone', render: () => text.metrics(), httpUrl: urlOf(server.address()) },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function filledRegistry(contentType: RegistryContentType): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  collectDefaultMetrics({ register: registry });
  const base = ['grpc_type', 'grpc_service', 'grpc_method'];
  const counter = (family: { name: string; help: string }, labelNames: string[]) =>
    new Counter({ name: family.name, help: family.help, labelNames, registers: [registry] });
  const started = counter(METRICS.serverStarted, base);
  const handled = counter(METRICS.serverHandled, [...base, 'grpc_code']);
  const received = counter(METRICS.serverMsgReceived, base);
  const sent = counter(METRICS.serverMsgSent, base);
  const inFlight = new Gauge({
    name: METRICS.serverInFlight.name,
    help: METRICS.serverInFlight.help,
    labelNames: base,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: METRICS.serverHandlingSeconds.name,
    help: METRICS.serverHandlingSeconds.help,
    labelNames: base,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  for (const method of methods) {
    const labels = { grpc_type: 'unary', grpc_service: SERVICE, grpc_method: method };
    for (const code of CODES) {
      started.inc(labels);
      received.inc(labels);
      sent.inc(labels);
      inFlight.inc(labels);
      inFlight.dec(labels);
      handled.inc({ ...labels, grpc_code: GRPC_CODE_NAMES[code] ?? 'Unknown' });
      seconds.observe(labels, 0.001 * (code + 1));
    }
  }
  return registry;
}

// --- kansoku: the real interceptors on a real server -------------------------------------

const noopExporter: EncodedSpansExporter = {
  export: async () => ({ rejectedSpans: 0, message: undefined }),
  shutdown: async () => {},
};

async function kansoku(): Promise<{ subject: Subject; close: () => Promise<void> }> {
  const obs = createObservability({
    serviceName: 'bench-metrics-render',
    serviceVersion: '0.0.0',
    metrics: { port: 0, host: '127.0.0.1' },
    tracing: { encodedExporter: noopExporter, sampleRatio: 1 },
    logging: { accessLog: false },
    env: {},
  });
  const identity = (buffer: Buffer) => buffer;
  const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const method of methods) {
    definition[method] = {
      path: `/${SERVICE}/${method}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    };
    // The request's one byte is the status code to answer with.
    handlers[method] = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const code = call.request[0] ?? 0;
      if (code === grpc.status.OK) callback(null, call.request);
      else callback({ code, details: `bench: answering ${grpc.status[code]}` });
    };
  }
  const server = new grpc.Server({ interceptors: obs.serverInterceptors });
  server.addService(definition, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  for (const method of methods) {
    await Promise.all(
      CODES.map(
        (code) =>
          new Promise<void>((resolve) => {
            client.makeUnaryRequest(`/${SERVICE}/${method}`, identity, identity, Buffer.from([code]), () => resolve());
          }),
      ),
    );
  }
  client.close();
  return {
    subject: { name: 'kansoku', render: () => obs.registry.metrics(), httpUrl: await metricsUrl(obs) },
    close: async () => {
      server.forceShutdown();
      await obs.shutdown();
    },
  };
}

// --- measurement ----------------------------------------------------------------------------

function urlOf(address: string | AddressInfo | null): string {
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://127.0.0.1:${address.port}/metrics`;
}

function httpGet(url: string, accept?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: accept ? { accept } : {} }, (res) => {
      res.setEncoding('utf8');
      let body = '';
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

interface Way {
  name: string;
  run: (subject: Subject) => Promise<string>;
}

const WAYS: Way[] = [
  { name: 'registry.metrics()', run: (s) => s.render() },
  { name: 'GET /metrics (text 0.0.4)', run: (s) => httpGet(s.httpUrl, 'text/plain; version=0.0.4') },
  { name: 'GET /metrics (OpenMetrics)', run: (s) => httpGet(s.httpUrl, OPENMETRICS) },
];

const subjects = [await baseline(), await kansoku()];
try {
  const times = new Map<string, number[]>();
  const sizes = new Map<string, { bytes: number; lines: number; handledSeries: number; exemplars: number }>();
  for (let i = -Number(args.warmup); i < iterations; i++) {
    // Alternate who goes first, so neither always renders into a warm or a cold cache.
    const order = i % 2 === 0 ? subjects : [...subjects].reverse();
    for (const way of WAYS) {
      for (const { subject } of order) {
        const key = `${subject.name} | ${way.name}`;
        const start = performance.now();
        const body = await way.run(subject);
        const elapsed = performance.now() - start;
        if (i < 0) continue;
        times.set(key, [...(times.get(key) ?? []), elapsed]);
        if (!sizes.has(key)) {
          const lines = body.split('\n').filter((line) => line && !line.startsWith('#'));
          sizes.set(key, {
            bytes: Buffer.byteLength(body),
            lines: lines.length,
            handledSeries: lines.filter((line) => line.startsWith(`${METRICS.serverHandled.name}{`)).length,
            exemplars: lines.filter((line) => line.includes(' # {')).length,
          });
        }
      }
    }
  }
  console.log(
    `metrics-render: ${methodCount} methods x ${CODES.length} codes, ${iterations} renders each (after ${args.warmup} warm-up), interleaved\n`,
  );
  console.log(
    '| registry | how | median ms | p90 ms | p99 ms | max ms | bytes | sample lines | grpc_server_handled_total series | exemplars |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const rows: Record<string, unknown>[] = [];
  for (const [key, samples] of times) {
    const [name, way] = key.split(' | ');
    const size = sizes.get(key);
    const row = {
      registry: name,
      way,
      medianMs: median(samples),
      p90Ms: quantile(samples, 0.9),
      p99Ms: quantile(samples, 0.99),
      maxMs: Math.max(...samples),
      ...size,
    };
    rows.push(row);
    console.log(
      `| ${name} | ${way} | ${row.medianMs.toFixed(2)} | ${row.p90Ms.toFixed(2)} | ${row.p99Ms.toFixed(2)} | ` +
        `${row.maxMs.toFixed(2)} | ${size?.bytes} | ${size?.lines} | ${size?.handledSeries} | ${size?.exemplars} |`,
    );
  }
  const kansokuText = median(times.get('kansoku | GET /metrics (text 0.0.4)') ?? []);
  const kansokuOpen = median(times.get('kansoku | GET /metrics (OpenMetrics)') ?? []);
  console.log(
    `\ntarget (reported, not asserted): median under 20 ms: GET /metrics text ${kansokuText.toFixed(2)} ms ` +
      `(${kansokuText < 20 ? 'met' : 'NOT MET'}), OpenMetrics ${kansokuOpen.toFixed(2)} ms (${kansokuOpen < 20 ? 'met' : 'NOT MET'})`,
  );
  await writeResults({ rows, methods: methodCount, codes: CODES.length, iterations });
} finally {
  for (const { close } of subjects) await close();
}

async function writeResults(result: Record<string, unknown>): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const dir = join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `metrics-render-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ scenario: 'metrics-render', node: process.version, ...result }, null, 2)}\n`,
  );
  console.log(`results: ${file}`);
}

async function metricsUrl(obs: Observability): Promise<string> {
  const { metricsUrl } = await obs.ready;
  if (!metricsUrl) throw new Error('kansoku: the metrics endpoint did not listen');
  return metricsUrl;
}
