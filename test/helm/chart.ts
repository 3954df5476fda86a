// Renders helm/kansoku with the real helm and hands tests the objects it produced.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { helm, KUBERNETES_VERSION } from '../services/kubernetes.js';
import type { ToolResult } from '../services/run-tool.js';

export const CHART = join(import.meta.dirname, '../../helm/kansoku');
export const RELEASE = 'obs';
export const NAMESPACE = 'monitoring';

/** The forwarder is off by default (it needs a sink): these values switch it on with one. */
export const FORWARDER_ON = {
  forwarder: {
    enabled: true,
    config: { sinks: { alertmanager: { url: 'http://alertmanager-operated.monitoring:9093' } } },
  },
};

/** A field of a rendered manifest: tests read them one by one and assert on what they find. */
// biome-ignore lint/suspicious/noExplicitAny: the one place the tests' loose manifest type is declared
export type Rendered = any;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Rendered;
  [field: string]: Rendered;
}

/** The chart's ci/*-values.yaml files, one feature each, as absolute paths. */
export function ciValuesFiles(): string[] {
  return readdirSync(join(CHART, 'ci'))
    .filter((name) => name.endsWith('-values.yaml'))
    .sort()
    .map((name) => join(CHART, 'ci', name));
}

export interface TemplateOptions {
  /** Values files (paths). */
  files?: string[];
  /** Values given inline, written to a temporary values file. */
  values?: unknown;
  kubeVersion?: string;
  /** Hooks (the setup Job) are rendered too unless this is true. */
  noHooks?: boolean;
}

/** `helm template` with the given values; returns helm's exit code and output. */
export async function template(options: TemplateOptions = {}): Promise<ToolResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kansoku-chart-values-'));
  try {
    const files = [...(options.files ?? [])];
    if (options.values !== undefined) {
      const file = join(dir, 'values.yaml');
      await writeFile(file, stringify(options.values));
      files.push(file);
    }
    return await helm([
      'template',
      RELEASE,
      CHART,
      '--namespace',
      NAMESPACE,
      '--kube-version',
      options.kubeVersion ?? KUBERNETES_VERSION,
      ...(options.noHooks ? ['--no-hooks'] : []),
      ...files.flatMap((f) => ['--values', f]),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders the chart and parses every object; a helm failure throws with helm's message. */
export async function render(options: TemplateOptions = {}): Promise<K8sObject[]> {
  const result = await template(options);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function find(objects: K8sObject[], kind: string, nameSuffix = ''): K8sObject[] {
  return objects.filter((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
}

export function one(objects: K8sObject[], kind: string, nameSuffix = ''): K8sObject {
  const found = find(objects, kind, nameSuffix);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} named *${nameSuffix}, found ${found.map((o) => o.metadata.name).join(', ')}`);
  }
  return found[0] as K8sObject;
}

/** The pod template of a workload (Deployment, DaemonSet, Job). */
export function podSpec(workload: K8sObject): Rendered {
  return workload.spec.template.spec;
}
