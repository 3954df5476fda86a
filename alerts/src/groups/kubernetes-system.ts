// kubernetes-mixin's kubernetes-system and kubernetes-system-apiserver groups, curated: the
// API server gone from discovery or unreachable, and clients of it seeing server errors.
import { upstreamAlert } from '../alert.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kubernetesSystem(q: Query): RuleGroup {
  const key = q.labels('instance', 'job', 'namespace').join(', ');
  const requests = (code?: string) => q.from('apiserver', 'rest_client_requests_total', code);
  return {
    name: 'kubernetes-system',
    rules: [
      upstreamAlert(q, {
        alert: 'KubeClientErrors',
        severity: 'warning',
        for: '15m',
        expr: `
(
  sum by (${key}) (rate(${requests('code=~"5.."')}[5m]))
    /
  sum by (${key}) (rate(${requests()}[5m]))
) > ${q.config.thresholds.clientErrorRatio}`,
        summary: 'A Kubernetes API client sees server errors.',
        description: `API client {{ $labels.job }}/{{ $labels.instance }}${q.onCluster} gets a server error for {{ $value | humanizePercentage }} of its requests.`,
      }),
    ],
  };
}

export function kubernetesSystemApiserver(q: Query): RuleGroup {
  return {
    name: 'kubernetes-system-apiserver',
    rules: [
      upstreamAlert(q, {
        alert: 'KubeAPIDown',
        severity: 'critical',
        for: '15m',
        // Upstream's semantics: gone from target discovery. absent() of a selector keeps its
        // equality matchers (job) as labels, which routing and inhibition rely on. Targets
        // that are discovered but down are KubeAPIInstanceUnreachable's, a warning.
        expr: `absent(${q.select('up', q.config.selectors.apiserver)})`,
        summary: 'The Kubernetes API server has disappeared from Prometheus target discovery.',
        description: 'Prometheus has discovered no Kubernetes API server target for 15 minutes.',
      }),
      upstreamAlert(q, {
        alert: 'KubeAPIInstanceUnreachable',
        severity: 'warning',
        for: '15m',
        expr: `${q.select('up', q.config.selectors.apiserver)} == 0`,
        summary: 'A Kubernetes API server instance is unreachable.',
        description: `API server {{ $labels.instance }}${q.onCluster} has not been scraped successfully for 15 minutes.`,
      }),
    ],
  };
}
