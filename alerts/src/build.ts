// Assembles every rule file from the configuration: the groups switched on, without the
// alerts switched off, with the extra labels and any `for` overrides; and refuses to return rules whose queries name
// a metric or label that no catalogue lists.
import { nameCatalogue } from '../../src/catalog/catalogue.js';
import type { AlertGroupName } from '../../src/config/alert-groups.js';
import { DEFAULT_HANDLING_BUCKETS } from '../../src/config/slo.js';
import { GENERATION_ERROR_CODES, GenerationError } from '../../src/errors/generation-error.js';
import { assertQueryNames } from '../../src/promql/check-queries.js';
import { type AlertsConfig, createAlertsConfig } from './config.js';
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
import { allRules, isAlert, type Rule, type RuleFile, type RuleGroup } from './rule.js';

/** A group, the file it is written to, and the switch that turns it on. */
interface PlannedGroup {
  file: string;
  switch: AlertGroupName;
  group: RuleGroup;
}

function plan(config: AlertsConfig): PlannedGroup[] {
  const q = new Query(config.monitoring);
  const of = (file: string, on: AlertGroupName, groups: RuleGroup[]) =>
    groups.map((group) => ({ file, switch: on, group }));
  const [fluentd, elasticsearch, forwarder] = kansokuBundle(q) as [RuleGroup, RuleGroup, RuleGroup];
  return [
    ...of('kubernetes-apps', 'kubernetes-apps', [kubernetesApps(q)]),
    // Recording rules sit in the file of the alerts that read them, so each file loads alone.
    ...of('kubernetes-resources', 'kubernetes-resources', [...k8sRequestsRules(q), kubernetesResources(q)]),
    ...of('kubernetes-storage', 'kubernetes-storage', [kubernetesStorage(q)]),
    ...of('kubernetes-system', 'kubernetes-system', [kubernetesSystem(q)]),
    ...of('kubernetes-system', 'kubernetes-system-apiserver', [kubernetesSystemApiserver(q)]),
    ...of('kubernetes-system-kubelet', 'kubernetes-system-kubelet', [kubeletRules(q), kubernetesSystemKubelet(q)]),
    ...of('kansoku-bundle', 'kansoku-fluentd', [fluentd]),
    ...of('kansoku-bundle', 'kansoku-elasticsearch', [elasticsearch]),
    ...of('kansoku-bundle', 'kansoku-forwarder', [forwarder]),
    ...(config.slos.length > 0
      ? of('kansoku-slo', 'kansoku-slo', [sloRecordingRules(q, config.slos), sloAlerts(q, config.slos)])
      : []),
  ];
}

/** Every alert name kansoku can generate, whatever is switched off: what `alerts.disabled` may name. */
export function knownAlertNames(): string[] {
  const slo = { service: 'x', objective: 0.99, window: '30d' };
  const config = createAlertsConfig({
    slos: [
      { ...slo, name: 'a', indicator: { kind: 'availability' } },
      { ...slo, name: 'l', indicator: { kind: 'latency', thresholdSeconds: DEFAULT_HANDLING_BUCKETS[0] ?? 0.1 } },
    ],
  });
  const names = plan(config).flatMap(({ group }) => group.rules.filter(isAlert).map((r) => r.alert));
  return [...new Set(names)].sort();
}

export function buildRuleFiles(config: AlertsConfig): RuleFile[] {
  const disabled = new Set(config.disabled);
  const keep = (rule: Rule): Rule | undefined => {
    if (!isAlert(rule)) return rule;
    if (disabled.has(rule.alert)) return undefined;
    return { ...rule, for: config.for[rule.alert] ?? rule.for, labels: { ...config.extraLabels, ...rule.labels } };
  };
  const planned = plan(config);
  const generated = new Set(planned.flatMap(({ group }) => group.rules.filter(isAlert).map((r) => r.alert)));
  const unknown = Object.keys(config.for).filter((alert) => !generated.has(alert));
  if (unknown.length > 0) {
    throw new GenerationError(
      GENERATION_ERROR_CODES.config,
      'alert for overrides',
      unknown.map((alert) => `for.${alert}: no such alert (it would never apply)`),
    );
  }
  const files: RuleFile[] = [];
  for (const entry of planned) {
    if (!config.groups[entry.switch]) continue;
    const rules = entry.group.rules.map(keep).filter((r): r is Rule => r !== undefined);
    if (rules.length === 0) continue;
    let file = files.find((f) => f.name === entry.file);
    if (!file) {
      file = { name: entry.file, groups: [] };
      files.push(file);
    }
    file.groups.push({ name: entry.group.name, rules });
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
