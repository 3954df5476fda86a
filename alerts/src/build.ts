// Assembles every rule file from the configuration, and refuses to return rules whose
// queries name a metric or label that no catalogue lists.
import { nameCatalogue } from '../../src/catalog/catalogue.js';
import { GENERATION_ERROR_CODES, GenerationError } from '../../src/errors/generation-error.js';
import { assertQueryNames } from '../../src/promql/check-queries.js';
import type { AlertsConfig } from './config.js';
import { k8sRequestsRules } from './groups/k8s-requests.rules.js';
import { kansokuBundle } from './groups/kansoku-bundle.js';
import { kubeletRules } from './groups/kubelet.rules.js';
import { kubernetesApps } from './groups/kubernetes-apps.js';
import { kubernetesResources } from './groups/kubernetes-resources.js';
import { kubernetesStorage } from './groups/kubernetes-storage.js';
import { kubernetesSystem, kubernetesSystemApiserver } from './groups/kubernetes-system.js';
import { kubernetesSystemKubelet } from './groups/kubernetes-system-kubelet.js';
import { sloAlerts, sloRecordingRules } from './groups/slo.js';
import { alertProblems } from './lint.js';
import { Query } from './query.js';
import { allRules, isAlert, type RuleFile } from './rule.js';

export function buildRuleFiles(config: AlertsConfig): RuleFile[] {
  const q = new Query(config.monitoring);
  const files: RuleFile[] = [
    { name: 'kubernetes-apps', groups: [kubernetesApps(q)] },
    // Recording rules sit in the file of the alerts that read them, so each file loads alone.
    { name: 'kubernetes-resources', groups: [...k8sRequestsRules(q), kubernetesResources(q)] },
    { name: 'kubernetes-storage', groups: [kubernetesStorage(q)] },
    { name: 'kubernetes-system', groups: [kubernetesSystem(q), kubernetesSystemApiserver(q)] },
    { name: 'kubernetes-system-kubelet', groups: [kubeletRules(q), kubernetesSystemKubelet(q)] },
    { name: 'kansoku-bundle', groups: [kansokuBundle(q)] },
  ];
  if (config.slos.length > 0) {
    files.push({ name: 'kansoku-slo', groups: [sloRecordingRules(q, config.slos), sloAlerts(q, config.slos)] });
  }
  const lint = allRules(files).flatMap(({ rule }) => (isAlert(rule) ? alertProblems(rule) : []));
  // A bug in alerts/src, not in user input: the configuration cannot remove these fields.
  if (lint.length > 0) throw new GenerationError(GENERATION_ERROR_CODES.alertInvalid, 'generated alerts', lint);
  assertQueryNames(
    allRules(files).map(({ file, group, rule }) => ({
      source: `${file}/${group}/${isAlert(rule) ? rule.alert : rule.record}`,
      expr: rule.expr,
    })),
    nameCatalogue(config.monitoring),
  );
  return files;
}
