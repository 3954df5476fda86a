// fluent-plugin-prometheus 2.2.2: in_prometheus.rb, in_prometheus_monitor.rb,
// in_prometheus_output_monitor.rb, filter_prometheus.rb. <metric> and <labels> are read
// by hand in prometheus.rb (parse_metrics_elements, parse_labels_elements), not declared
// with config_section; the keys below are the ones that code reads.
import { bool, hash, int, oneOf, required, str, time } from '../param-builders.js';
import type { PluginSpec, SectionSpec } from '../plugin-spec.js';

const GEM = { gem: 'fluent-plugin-prometheus', version: '2.2.2' } as const;

const labels: SectionSpec = { freeKeys: true };

const metric: SectionSpec = {
  multi: true,
  params: {
    name: str(required),
    desc: str(required),
    type: oneOf(['counter', 'gauge', 'summary', 'histogram'], required),
    key: str(),
    initialized: bool(),
    buckets: str(),
  },
  sections: { labels, initlabels: { freeKeys: true, multi: true } },
};

export const prometheus: readonly PluginSpec[] = [
  {
    ...GEM,
    kind: 'input',
    type: 'prometheus',
    source: 'lib/fluent/plugin/in_prometheus.rb',
    acceptsLabel: true,
    params: {
      bind: str(),
      port: int(),
      metrics_path: str(),
      aggregated_metrics_path: str(),
      content_encoding: oneOf(['identity', 'gzip']),
    },
    sections: {
      ssl: {
        params: {
          enable: bool(),
          certificate_path: str(),
          private_key_path: str(),
          ca_path: str(),
          extra_conf: hash(),
        },
      },
    },
  },
  {
    ...GEM,
    kind: 'input',
    type: 'prometheus_monitor',
    source: 'lib/fluent/plugin/in_prometheus_monitor.rb',
    acceptsLabel: true,
    params: { interval: time() },
    sections: { labels },
  },
  {
    ...GEM,
    kind: 'input',
    type: 'prometheus_output_monitor',
    source: 'lib/fluent/plugin/in_prometheus_output_monitor.rb',
    acceptsLabel: true,
    params: { interval: time(), gauge_all: bool() },
    sections: { labels },
  },
  {
    ...GEM,
    kind: 'filter',
    type: 'prometheus',
    source: 'lib/fluent/plugin/filter_prometheus.rb',
    sections: { metric, labels },
  },
];
