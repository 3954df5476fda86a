// helm 3 and kubeconform, both built by install.sh, with strict Kubernetes JSON schemas
// from PyPI's kubernetes-validate and the prometheus-operator CRD schemas in
// ../shared/schemas, all offline.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { binary, kubernetesOldestVersion, kubernetesSchemaDir, kubernetesVersion, sharedSchemaDir } from './paths.js';
import { runTool, type ToolResult } from './run-tool.js';

/** The Kubernetes version manifests are validated against. */
export const KUBERNETES_VERSION = kubernetesVersion;
/** The oldest Kubernetes version the chart supports; its schemas are installed too. */
export const KUBERNETES_OLDEST_VERSION = kubernetesOldestVersion;

export function helm(args: string[], cwd?: string): Promise<ToolResult> {
  return runTool(binary('helm'), args, cwd);
}

export interface KubeconformOptions {
  kubernetesVersion?: string;
  /** Also resolve CRD kinds (PrometheusRule, ServiceMonitor, …) from ../shared/schemas. */
  withCrdSchemas?: boolean;
}

/** True when the shared CRD schemas are present; tests that need them skip otherwise. */
export function crdSchemasAvailable(): boolean {
  return existsSync(join(sharedSchemaDir, 'kubeconform'));
}

/**
 * Validates manifest files strictly (unknown fields are errors). Kinds without a schema
 * are errors too, so a typo in `kind` cannot slip through as "skipped".
 */
export function kubeconform(files: string[], options: KubeconformOptions = {}): Promise<ToolResult> {
  const locations = [
    `${kubernetesSchemaDir}/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
  ];
  if (options.withCrdSchemas) {
    locations.push(`${sharedSchemaDir}/kubeconform/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`);
  }
  return runTool(binary('kubeconform'), [
    '-strict',
    '-summary',
    '-output',
    'json',
    '-kubernetes-version',
    options.kubernetesVersion ?? KUBERNETES_VERSION,
    ...locations.flatMap((l) => ['-schema-location', l]),
    ...files,
  ]);
}
