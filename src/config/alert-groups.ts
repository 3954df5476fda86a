// The alert groups a configuration can switch on and off, and whether each is on when the
// configuration says nothing. The Kubernetes groups watch what every cluster has; the
// bundle's own components (Fluentd, Elasticsearch, the forwarder) are optional, so their
// groups stay off until the configuration says the component runs: an alert on a forwarder
// that is not deployed would fire forever. A group's recording rules follow its alerts.
export const ALERT_GROUP_DEFAULTS = {
  'kubernetes-apps': true,
  'kubernetes-resources': true,
  'kubernetes-storage': true,
  'kubernetes-system': true,
  'kubernetes-system-apiserver': true,
  'kubernetes-system-kubelet': true,
  /** Only generated when the configuration defines SLOs. */
  'kansoku-slo': true,
  'kansoku-fluentd': false,
  'kansoku-elasticsearch': false,
  'kansoku-forwarder': false,
} as const satisfies Record<string, boolean>;

export type AlertGroupName = keyof typeof ALERT_GROUP_DEFAULTS;

export const ALERT_GROUP_NAMES = Object.keys(ALERT_GROUP_DEFAULTS) as AlertGroupName[];

/** Which groups are on, with `switches` (from the configuration) over the defaults. */
export function alertGroupsOn(
  switches: Partial<Record<AlertGroupName, boolean>> = {},
): Record<AlertGroupName, boolean> {
  return Object.fromEntries(ALERT_GROUP_NAMES.map((g) => [g, switches[g] ?? ALERT_GROUP_DEFAULTS[g]])) as Record<
    AlertGroupName,
    boolean
  >;
}
