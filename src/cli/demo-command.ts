// `kansoku demo`: the instrumented example shop under load, with Prometheus and Jaeger
// beside it when they are installed. JSON log lines go to stdout (pipe them to jq);
// everything meant for a person goes to stderr.
import { parseArgs } from 'node:util';
import type { JaegerService } from '../../test/services/jaeger.js';
import { isInstalled } from '../../test/services/paths.js';
import type { PrometheusService } from '../../test/services/prometheus.js';
import { startDemo } from '../demo/demo.js';
import type { Command } from './commands.js';

const USAGE = `usage: kansoku demo [--duration <seconds>] [--rate <calls/s>] [--grpc-port <port>]
                   [--metrics-port <port>] [--seed <n>] [--no-backends]

Runs until Ctrl-C, or for --duration seconds. Starts Prometheus and Jaeger too when
test/services has installed them (bash test/services/install.sh), unless --no-backends.`;

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number, got "${value}"\n${USAGE}`);
  return n;
}

function port(flag: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number from 0 to 65535, got "${value}"\n${USAGE}`);
  return n;
}

function say(line = ''): void {
  process.stderr.write(`${line}\n`);
}

export const demoCommand: Command = {
  summary: 'run the instrumented example gRPC service under load, with metrics, traces and logs',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        duration: { type: 'string' },
        rate: { type: 'string' },
        'grpc-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        seed: { type: 'string' },
        'no-backends': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      say(USAGE);
      return 0;
    }
    const duration = values.duration === undefined ? undefined : positiveNumber('--duration', values.duration, 0);
    const rate = positiveNumber('--rate', values.rate, 20);
    const backends = !values['no-backends'];
    // Checked before anything starts, so a bad port does not first start Jaeger.
    const grpcPort = port('--grpc-port', values['grpc-port']);
    const metricsPort = port('--metrics-port', values['metrics-port']);
    const seed = positiveNumber('--seed', values.seed, 1);

    let jaeger: JaegerService | undefined;
    let prometheus: PrometheusService | undefined;
    const stops: (() => Promise<void>)[] = [];
    try {
      if (backends && isInstalled('jaeger')) {
        say('starting Jaeger …');
        const { startJaeger } = await import('../../test/services/jaeger.js');
        jaeger = await startJaeger();
        stops.push(() => (jaeger as JaegerService).stop());
      }
      const demo = await startDemo({
        rate,
        grpcPort,
        metricsPort,
        seed,
        tracingEndpoint: jaeger ? `http://${jaeger.otlpGrpcEndpoint}` : undefined,
      });
      stops.unshift(() => demo.stop());
      if (backends && isInstalled('prometheus')) {
        say('starting Prometheus …');
        const { startPrometheus } = await import('../../test/services/prometheus.js');
        const targets = [new URL(demo.metricsUrl).host, new URL(demo.loadgenMetricsUrl).host];
        prometheus = await startPrometheus({
          scrape: [{ job: 'kansoku-demo', targets }],
          scrapeInterval: '5s',
          exemplars: true,
        });
        stops.push(() => (prometheus as PrometheusService).stop());
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
      else
        say(
          `  Prometheus         ${backends ? 'not installed (bash test/services/install.sh)' : 'not started (--no-backends)'}: scrape the metrics URL yourself`,
        );
      if (jaeger)
        say(
          `  traces (Jaeger)    ${jaeger.queryUrl}/search?service=kansoku-demo-shop  (OTLP/gRPC at ${jaeger.otlpGrpcEndpoint})`,
        );
      else
        say(
          `  traces             off: Jaeger ${backends ? 'not installed (bash test/services/install.sh)' : 'not started (--no-backends)'}`,
        );
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
