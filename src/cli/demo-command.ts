// `kansoku demo`: the instrumented example shop under load. The JSON log lines go to a file
// the banner names (or to stdout with --logs stdout, for jq); the person at the terminal
// reads the banner and a summary that refreshes in place (plain progress lines when the
// output is not a terminal). With Elasticsearch, the on-call path runs too: the logs shipped
// into it, the forwarder polling them, its alerts printed as a webhook receives them. The
// shipped command starts no Prometheus, Jaeger or Elasticsearch of its own: `npm run demo`
// (scripts/demo.ts) passes backends that test/services starts, which only a clone has.
import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertText } from '../demo/alert-text.js';
import { DEMO_LOADGEN_NAME, DEMO_SERVICE_NAME, startDemo } from '../demo/demo.js';
import { Interrupted, listenForInterruption } from '../demo/interruption.js';
import { type LogTarget, openLogOutput } from '../demo/log-output.js';
import { type OnCallPath, startOnCallPath } from '../demo/on-call-path.js';
import { teeDestination } from '../demo/tee-destination.js';
import { TerminalView } from '../demo/terminal-view.js';
import { EXIT, parseFlags, UsageError } from './args.js';
import type { Command } from './commands.js';

/** A running backend the demo points at; stop() ends it. */
export interface RunningBackend {
  url: string;
  stop(): Promise<void>;
}

type Backend = 'prometheus' | 'jaeger' | 'elasticsearch';

/** Prometheus, Jaeger and Elasticsearch for the demo, when the caller can start them; each may be absent. */
export interface DemoBackends {
  /** Why a backend is missing, printed in its place (e.g. "not installed (bash test/services/install.sh)"). */
  missing: Partial<Record<Backend, string>>;
  startJaeger?(): Promise<RunningBackend & { otlpGrpcEndpoint: string }>;
  startPrometheus?(targets: string[]): Promise<RunningBackend>;
  startElasticsearch?(): Promise<RunningBackend>;
}

const NOT_PACKAGED = 'not started by the packaged command (npm run demo in a clone starts one)';
const NO_BACKENDS: DemoBackends = {
  missing: { prometheus: NOT_PACKAGED, jaeger: NOT_PACKAGED, elasticsearch: NOT_PACKAGED },
};

const USAGE = `usage: kansoku demo [--duration <seconds>] [--rate <calls/s>] [--grpc-port <port>]
                   [--metrics-port <port>] [--seed <n>] [--logs stdout|<file>] [--no-backends]

Runs until Ctrl-C, or for --duration seconds. The JSON log lines go to a new folder under
${tmpdir()} (the banner names it), to <file>, or with --logs stdout to stdout (the
summary then goes to stderr). From a clone, \`npm run demo\` also starts Prometheus, Jaeger
and Elasticsearch (with the error-alert forwarder) when test/services has installed them,
unless --no-backends.`;

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a non-negative number, got "${value}"`);
  return n;
}

function port(flag: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return n;
}

function logTarget(value: string | undefined, runDir: string): LogTarget {
  if (value === 'stdout') return { kind: 'stdout' };
  return { kind: 'file', path: value ?? join(runDir, 'logs.jsonl') };
}

/** The demo command, with the backends the caller can start (none by default). */
export function createDemoCommand(available: DemoBackends = NO_BACKENDS): Command {
  return {
    summary: 'run the instrumented example gRPC service under load, with metrics, traces, logs and error alerts',
    usage: USAGE,
    async run(args) {
      const { values } = parseFlags(args, {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'grpc-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        seed: { type: 'string' },
        logs: { type: 'string' },
        'no-backends': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      });
      if (values.help) {
        process.stderr.write(`${USAGE}\n`);
        return EXIT.ok;
      }
      const duration = values.duration === undefined ? undefined : positiveNumber('--duration', values.duration, 0);
      const rate = positiveNumber('--rate', values.rate, 20);
      const backends = !values['no-backends'];
      // Checked before anything starts, so a bad port does not first start Jaeger.
      const grpcPort = port('--grpc-port', values['grpc-port']);
      const metricsPort = port('--metrics-port', values['metrics-port']);
      const seed = positiveNumber('--seed', values.seed, 1);
      if (values.logs === '') throw new UsageError('--logs must be "stdout" or a file path');

      const interruption = listenForInterruption();
      const runDir = await mkdtemp(join(tmpdir(), 'kansoku-demo-'));
      const logs = openLogOutput(logTarget(values.logs, runDir));
      // stdout is the person's unless it carries the log lines.
      const out = logs.describe === 'stdout' ? process.stderr : process.stdout;
      let view: TerminalView | undefined;
      const say = (line = '') => (view ? view.say(line) : out.write(`${line}\n`));
      // Run in order at the end, the last started first; the log output after everything that
      // writes to it. An empty run folder (the logs went elsewhere, no on-call path) is removed.
      const stops: (() => Promise<void>)[] = [() => logs.close(), () => rmdir(runDir)];
      /** Starts a backend; whatever happens to the demo meanwhile, it is stopped at the end. */
      const start = <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
        stops.unshift(async () => (await starting).stop());
        return interruption.race(starting);
      };
      const missing = (what: Backend) =>
        backends ? (available.missing[what] ?? 'not available') : 'not started (--no-backends)';
      try {
        const wanted = {
          jaeger: backends ? available.startJaeger : undefined,
          elasticsearch: backends ? available.startElasticsearch : undefined,
        };
        if (wanted.jaeger || wanted.elasticsearch)
          say(
            `starting ${[wanted.jaeger && 'Jaeger', wanted.elasticsearch && 'Elasticsearch (about half a minute)'].filter(Boolean).join(' and ')} …`,
          );
        const [jaeger, elasticsearch] = await Promise.all([
          wanted.jaeger ? start(wanted.jaeger()) : undefined,
          wanted.elasticsearch ? start(wanted.elasticsearch()) : undefined,
        ]);
        let onCall: OnCallPath | undefined;
        if (elasticsearch) {
          const path = await start(
            startOnCallPath({
              elasticsearchUrl: elasticsearch.url,
              runDir,
              logDestination: logs.destination,
              containers: { [DEMO_SERVICE_NAME]: 'shop', [DEMO_LOADGEN_NAME]: 'loadgen' },
              ...(jaeger && { traceLink: `${jaeger.url}/trace/{traceId}` }),
              onAlert: (alert) => say(`${alertText(alert)}\n`),
            }),
          );
          onCall = path;
        }
        const demo = await start(
          startDemo({
            rate,
            grpcPort,
            metricsPort,
            seed,
            logDestination: onCall ? teeDestination(logs.destination, onCall.ship) : logs.destination,
            tracingEndpoint: jaeger ? `http://${jaeger.otlpGrpcEndpoint}` : undefined,
          }),
        );
        let prometheus: RunningBackend | undefined;
        if (backends && available.startPrometheus) {
          say('starting Prometheus …');
          prometheus = await start(
            available.startPrometheus([new URL(demo.metricsUrl).host, new URL(demo.loadgenMetricsUrl).host]),
          );
        }

        say('');
        say('kansoku demo: an instrumented gRPC shop under load');
        say(`  gRPC server        ${demo.grpcAddress}  (kansoku.demo.Shop, src/demo/shop.proto)`);
        say(`  metrics            ${demo.metricsUrl}`);
        say(`                     ${demo.loadgenMetricsUrl}  (the load generator's client metrics)`);
        say(`                     curl -H 'Accept: application/openmetrics-text' ${demo.metricsUrl}  for exemplars`);
        if (prometheus)
          say(
            `  Prometheus         ${prometheus.url}/query?g0.expr=sum+by+(grpc_method,grpc_code)(rate(grpc_server_handled_total[1m]))`,
          );
        else say(`  Prometheus         ${missing('prometheus')}: scrape the metrics URL yourself`);
        if (jaeger)
          say(
            `  traces (Jaeger)    ${jaeger.url}/search?service=kansoku-demo-shop  (OTLP/gRPC at ${jaeger.otlpGrpcEndpoint})`,
          );
        else say(`  traces             off: Jaeger ${missing('jaeger')}`);
        if (logs.describe === 'stdout')
          say('  logs               JSON lines on stdout, e.g. --logs stdout | jq \'select(."log.level"=="error")\'');
        else {
          say(`  logs               JSON lines in ${logs.describe}`);
          say(`                     jq 'select(."log.level"=="error")' ${logs.describe}`);
        }
        if (elasticsearch && onCall) {
          say(
            `  Elasticsearch      ${elasticsearch.url}/kansoku-logs-*/_search?q=log.level:error  (indices kansoku-logs-*)`,
          );
          say(`  error alerts       the forwarder polls them and posts to ${onCall.receiverUrl}; printed here,`);
          say(
            `                     kept in ${onCall.alertsFile}  (forwarder metrics: ${onCall.forwarderMetricsUrl}/metrics)`,
          );
        } else
          say(
            `  error alerts       off: Elasticsearch ${missing('elasticsearch')}; see docs/demo.md for the on-call path`,
          );
        say(duration === undefined ? '  running until Ctrl-C' : `  running for ${duration} s`);
        say('');

        view = new TerminalView({
          stream: out,
          sample: async () => ({ at: Date.now(), stats: await demo.stats(), alertsReceived: onCall?.alertsReceived() }),
        });
        await view.begin();
        await new Promise<void>((resolve) => {
          const timer = duration === undefined ? undefined : setTimeout(resolve, duration * 1000);
          void interruption.signalled.then(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await view.end();
        view = undefined;

        say(onCall ? 'stopping (the forwarder gets a few seconds to read the last lines) …' : 'stopping …');
        await demo.stop();
        say('calls made, by method and code:');
        for (const [method, byCode] of Object.entries(demo.calls())) {
          say(
            `  ${method.padEnd(14)} ${Object.entries(byCode)
              .map(([code, n]) => `${code} ${n}`)
              .join(', ')}`,
          );
        }
        if (onCall) {
          await onCall.stop();
          const shipped = onCall.shipped();
          say(
            `log lines shipped to Elasticsearch: ${shipped.indexed} (${shipped.dropped} dropped); alerts received: ${onCall.alertsReceived()}, kept in ${onCall.alertsFile}`,
          );
        }
        if (logs.describe !== 'stdout') say(`the log lines stay in ${logs.describe}`);
        return EXIT.ok;
      } catch (err) {
        if (err instanceof Interrupted) {
          say(
            'interrupted: stopping what was started (a backend still starting is stopped once up; Ctrl-C again to kill at once) …',
          );
          return EXIT.failed;
        }
        throw err;
      } finally {
        await view?.end();
        for (const stop of stops) await stop().catch(() => {});
        interruption.dispose();
      }
    },
  };
}

export const demoCommand: Command = createDemoCommand();
