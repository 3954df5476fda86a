// `kansoku demo`: the instrumented example shop under load. JSON log lines go to stdout
// (pipe them to jq); everything meant for a person goes to stderr. The shipped command
// starts no Prometheus or Jaeger of its own: `npm run demo` (scripts/demo.ts) passes
// backends that test/services starts, which only a clone of the repository has.
import { startDemo } from '../demo/demo.js';
import { EXIT, parseFlags, UsageError } from './args.js';
import type { Command } from './commands.js';

/** A running backend the demo points at; stop() ends it. */
export interface RunningBackend {
  url: string;
  stop(): Promise<void>;
}

/** Prometheus and Jaeger for the demo, when the caller can start them; each may be absent. */
export interface DemoBackends {
  /** Why a backend is missing, printed in its place (e.g. "not installed (bash test/services/install.sh)"). */
  missing: { prometheus?: string; jaeger?: string };
  startJaeger?(): Promise<RunningBackend & { otlpGrpcEndpoint: string }>;
  startPrometheus?(targets: string[]): Promise<RunningBackend>;
}

const NO_BACKENDS: DemoBackends = {
  missing: {
    prometheus: 'not started by the packaged command (npm run demo in a clone starts one)',
    jaeger: 'not started by the packaged command (npm run demo in a clone starts one)',
  },
};

const USAGE = `usage: kansoku demo [--duration <seconds>] [--rate <calls/s>] [--grpc-port <port>]
                   [--metrics-port <port>] [--seed <n>] [--no-backends]

Runs until Ctrl-C, or for --duration seconds. From a clone, \`npm run demo\` also starts
Prometheus and Jaeger when test/services has installed them, unless --no-backends.`;

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

function say(line = ''): void {
  process.stderr.write(`${line}\n`);
}

/** The demo command, with the backends the caller can start (none by default). */
export function createDemoCommand(available: DemoBackends = NO_BACKENDS): Command {
  return {
    summary: 'run the instrumented example gRPC service under load, with metrics, traces and logs',
    usage: USAGE,
    async run(args) {
      const { values } = parseFlags(args, {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'grpc-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        seed: { type: 'string' },
        'no-backends': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      });
      if (values.help) {
        say(USAGE);
        return EXIT.ok;
      }
      const duration = values.duration === undefined ? undefined : positiveNumber('--duration', values.duration, 0);
      const rate = positiveNumber('--rate', values.rate, 20);
      const backends = !values['no-backends'];
      // Checked before anything starts, so a bad port does not first start Jaeger.
      const grpcPort = port('--grpc-port', values['grpc-port']);
      const metricsPort = port('--metrics-port', values['metrics-port']);
      const seed = positiveNumber('--seed', values.seed, 1);

      let jaeger: (RunningBackend & { otlpGrpcEndpoint: string }) | undefined;
      let prometheus: RunningBackend | undefined;
      const stops: (() => Promise<void>)[] = [];
      const missing = (what: 'prometheus' | 'jaeger') =>
        backends ? (available.missing[what] ?? 'not available') : 'not started (--no-backends)';
      try {
        if (backends && available.startJaeger) {
          say('starting Jaeger …');
          const started = await available.startJaeger();
          jaeger = started;
          stops.push(() => started.stop());
        }
        const demo = await startDemo({
          rate,
          grpcPort,
          metricsPort,
          seed,
          tracingEndpoint: jaeger ? `http://${jaeger.otlpGrpcEndpoint}` : undefined,
        });
        stops.unshift(() => demo.stop());
        if (backends && available.startPrometheus) {
          say('starting Prometheus …');
          const started = await available.startPrometheus([
            new URL(demo.metricsUrl).host,
            new URL(demo.loadgenMetricsUrl).host,
          ]);
          prometheus = started;
          stops.push(() => started.stop());
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
        say('  logs               JSON lines on stdout, e.g. npm run demo | jq \'select(."log.level"=="error")\'');
        say(duration === undefined ? '  running until Ctrl-C' : `  running for ${duration} s`);
        say('');

        await new Promise<void>((resolve) => {
          const finish = () => {
            process.off('SIGINT', finish);
            process.off('SIGTERM', finish);
            clearTimeout(timer);
            resolve();
          };
          const timer = duration === undefined ? undefined : setTimeout(finish, duration * 1000);
          process.once('SIGINT', finish);
          process.once('SIGTERM', finish);
        });

        say('stopping …');
        await demo.stop();
        stops.shift();
        const calls = demo.calls();
        say('calls made, by method and code:');
        for (const [method, byCode] of Object.entries(calls)) {
          say(
            `  ${method.padEnd(14)} ${Object.entries(byCode)
              .map(([code, n]) => `${code} ${n}`)
              .join(', ')}`,
          );
        }
        return 0;
      } finally {
        for (const stop of stops) await stop().catch(() => {});
      }
    },
  };
}

export const demoCommand: Command = createDemoCommand();
