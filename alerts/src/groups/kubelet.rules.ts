// Recording rules: PLEG relist duration quantiles per node, which KubeletPlegDurationHigh reads.
import { RECORDED } from '../../../src/catalog/recorded-series.js';
import type { Query } from '../query.js';
import type { RuleGroup } from '../rule.js';

export function kubeletRules(q: Query): RuleGroup {
  const instance = q.labels('instance');
  return {
    name: 'kubelet.rules',
    rules: ['0.99', '0.9', '0.5'].map((quantile) => ({
      record: RECORDED.kubeletPlegQuantile,
      // The kubelet reports no node label; kubelet_node_name maps its instance to the node.
      expr: `
histogram_quantile(${quantile},
  sum by (${[...instance, 'le'].join(', ')}) (rate(${q.histogram('kubelet', 'kubelet_pleg_relist_duration_seconds', '_bucket')}[5m]))
  * ${q.on('instance')} group_left (node)
  max by (${[...instance, 'node'].join(', ')}) (${q.from('kubelet', 'kubelet_node_name')})
)`.trim(),
      labels: { quantile },
    })),
  };
}
