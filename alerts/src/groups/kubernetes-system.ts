// kubernetes-mixin's kubernetes-system and kubernetes-system-apiserver groups, curated: the
// API server gone from discovery, and clients of it seeing server errors.
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
        // absent() of the healthy targets: fires when none is up, and when none is discovered.
        expr: `absent(${q.select('up', q.config.selectors.apiserver)} == 1)`,
        summary: 'The Kubernetes API server is gone from Prometheus.',
        description: 'No Kubernetes API server target has been scraped successfully for 15 minutes.',
      }),
    ],
  };
}
