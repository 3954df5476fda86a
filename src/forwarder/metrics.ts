// The forwarder's own metrics, one prom-client registry per forwarder. Names, types, help
// and labels come from the catalogue (src/catalog/upstream/forwarder.ts), the contract the
// bundle's dashboards and alerts are checked against: nothing is named twice.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { forwarder as FAMILIES } from '../catalog/upstream/forwarder.js';

type Families = (typeof FAMILIES)[number];
type Name = Families['name'];

function spec(name: Name) {
  const family = FAMILIES.find((f) => f.name === name);
  if (!family) throw new Error(`the forwarder catalogue lost ${name}`);
  return { name: family.name, help: family.help, labelNames: [...family.labels] };
}

export function createForwarderMetrics(collect: {
  groups: () => number;
  pending: (sink: string) => number;
  sinks: readonly string[];
}) {
  const registry = new Registry();
  const registers = [registry];
  const counter = (name: Name) => new Counter({ ...spec(name), registers });
  const metrics = {
    registry,
    received: counter('kansoku_forwarder_events_received_total'),
    dropped: counter('kansoku_forwarder_events_dropped_total'),
    duplicates: counter('kansoku_forwarder_events_duplicate_total'),
    detected: counter('kansoku_forwarder_errors_detected_total'),
    groupsCreated: counter('kansoku_forwarder_groups_created_total'),
    alerts: counter('kansoku_forwarder_alerts_total'),
    sent: counter('kansoku_forwarder_notifications_sent_total'),
    failed: counter('kansoku_forwarder_notifications_failed_total'),
    rateLimited: counter('kansoku_forwarder_notifications_rate_limited_total'),
    pollErrors: counter('kansoku_forwarder_poll_errors_total'),
    duration: new Histogram({
      ...spec('kansoku_forwarder_notification_duration_seconds'),
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    lag: new Gauge({ ...spec('kansoku_forwarder_elasticsearch_lag_seconds'), registers }),
  };
  new Gauge({
    ...spec('kansoku_forwarder_groups'),
    registers,
    collect() {
      this.set(collect.groups());
    },
  });
  new Gauge({
    ...spec('kansoku_forwarder_outbox_pending'),
    registers,
    collect() {
      for (const sink of collect.sinks) this.set({ sink }, collect.pending(sink));
    },
  });
  // Every labelled series exists from the start, so rate() works on the first increase.
  for (const sink of collect.sinks) {
    metrics.sent.inc({ sink }, 0);
    metrics.failed.inc({ sink }, 0);
    metrics.rateLimited.inc({ sink }, 0);
  }
  for (const reason of ['new', 'recurring', 'spike', 'silenced']) metrics.alerts.inc({ reason }, 0);
  return metrics;
}

export type ForwarderMetrics = ReturnType<typeof createForwarderMetrics>;
