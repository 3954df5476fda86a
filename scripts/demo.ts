// `npm run demo`: `kansoku demo` with Prometheus, Jaeger and Elasticsearch beside it, started
// by test/services when it has installed them (one Elasticsearch node, stopped with the
// demo). The shipped command cannot do this (it never imports test/); from a clone, this is
// the whole demo in one command.
import { EXIT, UsageError } from '../src/cli/args.js';
import { createDemoCommand, type DemoBackends } from '../src/cli/demo-command.js';
import { startElasticsearch } from '../test/services/elasticsearch.js';
import { startJaeger } from '../test/services/jaeger.js';
import { isElasticsearchInstalled, isInstalled } from '../test/services/paths.js';
import { startPrometheus } from '../test/services/prometheus.js';

const NOT_INSTALLED = 'not installed (bash test/services/install.sh)';

const backends: DemoBackends = {
  missing: {
    ...(isInstalled('prometheus') ? {} : { prometheus: NOT_INSTALLED }),
    ...(isInstalled('jaeger') ? {} : { jaeger: NOT_INSTALLED }),
    ...(isElasticsearchInstalled() ? {} : { elasticsearch: NOT_INSTALLED }),
  },
  ...(isInstalled('jaeger') && {
    async startJaeger() {
      const jaeger = await startJaeger();
      return { url: jaeger.queryUrl, otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint, stop: () => jaeger.stop() };
    },
  }),
  ...(isElasticsearchInstalled() && {
    async startElasticsearch() {
      const elasticsearch = await startElasticsearch();
      return { url: elasticsearch.url, stop: () => elasticsearch.stop() };
    },
  }),
  ...(isInstalled('prometheus') && {
    async startPrometheus(targets: string[]) {
      const prometheus = await startPrometheus({
        scrape: [{ job: 'kansoku-demo', targets }],
        scrapeInterval: '5s',
        exemplars: true,
      });
      return { url: prometheus.url, stop: () => prometheus.stop() };
    },
  }),
};

try {
  process.exitCode = await createDemoCommand(backends).run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`kansoku demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.failed;
}
