// The chart's security posture, read from the manifests helm renders: least-privilege RBAC,
// no container that could gain privileges, non-root wherever the work allows it (Fluentd
// alone runs as root, to read root's log files, without any capability), read-only root
// filesystems, and secrets kept out of ConfigMaps and plain environment values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ciValuesFiles, FORWARDER_ON, find, type K8sObject, one, podSpec, type Rendered, render } from './chart.js';

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']);

// Everything the chart renders across its feature files, so no option escapes the checks.
// Rendered once for the file: the manifests are only read.
let renderings: Promise<{ name: string; objects: K8sObject[] }[]> | undefined;
function everyRendering(): Promise<{ name: string; objects: K8sObject[] }[]> {
  renderings ??= (async () => {
    const out = [{ name: 'default values', objects: await render() }];
    for (const file of ciValuesFiles()) out.push({ name: file, objects: await render({ files: [file] }) });
    return out;
  })();
  return renderings;
}
function containersOf(workload: K8sObject): { workload: string; pod: Rendered; container: Rendered }[] {
  const pod = podSpec(workload);
  return [...(pod.initContainers ?? []), ...pod.containers].map((container) => ({
    workload: `${workload.kind}/${workload.metadata.name}`,
    pod,
    container,
  }));
}

test('no container can gain privileges: no escalation, every capability dropped, none added, not privileged', async () => {
  for (const { name, objects } of await everyRendering()) {
    const workloads = objects.filter((o) => WORKLOADS.has(o.kind));
    assert.ok(workloads.length > 0 || name.includes('only'), name);
    for (const { workload, pod, container } of workloads.flatMap(containersOf)) {
      const where = `${name}: ${workload} ${container.name}`;
      const sc = container.securityContext ?? {};
      assert.equal(sc.allowPrivilegeEscalation, false, where);
      assert.deepEqual(sc.capabilities?.drop, ['ALL'], where);
      assert.equal(sc.capabilities?.add, undefined, where);
      assert.notEqual(sc.privileged, true, where);
      assert.equal(sc.readOnlyRootFilesystem, true, where);
      const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      assert.equal(seccomp, 'RuntimeDefault', where);
      for (const hostField of ['hostNetwork', 'hostPID', 'hostIPC']) assert.notEqual(pod[hostField], true, where);
      assert.ok(container.resources?.limits?.memory, `${where} has no memory limit`);
    }
  }
});

test('every container runs as non-root except Fluentd, which reads root-owned logs as uid 0 with no capabilities', async () => {
  for (const { name, objects } of await everyRendering()) {
    for (const { workload, pod, container } of objects.filter((o) => WORKLOADS.has(o.kind)).flatMap(containersOf)) {
      const where = `${name}: ${workload} ${container.name}`;
      const nonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const uid = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      if (container.name === 'fluentd') {
        assert.match(workload, /^DaemonSet\//, where);
        assert.equal(uid, 0, where);
      } else {
        assert.equal(nonRoot, true, where);
        assert.ok(typeof uid === 'number' && uid > 0, `${where}: runAsUser ${uid}`);
      }
    }
  }
});

test('host paths: only Fluentd mounts any; the logs read-only, only its state folder writable', async () => {
  const docker = ciValuesFiles().find((f) => f.endsWith('fluentd-docker-values.yaml'));
  for (const objects of [await render(), await render({ files: [docker as string] })]) {
    for (const workload of objects.filter((o) => WORKLOADS.has(o.kind))) {
      const pod = podSpec(workload);
      const hostVolumes = (pod.volumes ?? []).filter((v: Rendered) => v.hostPath);
      if (workload.kind !== 'DaemonSet') {
        assert.deepEqual(hostVolumes, [], workload.metadata.name);
        continue;
      }
      const mounts = new Map<string, Rendered>(pod.containers[0].volumeMounts.map((m: Rendered) => [m.name, m]));
      const writable: string[] = [];
      for (const volume of hostVolumes) {
        const mount = mounts.get(volume.name);
        assert.ok(mount, `host path ${volume.hostPath.path} is not mounted`);
        if (mount.readOnly !== true) writable.push(volume.hostPath.path);
      }
      assert.deepEqual(writable, ['/var/lib/kansoku-fluentd']);
      assert.equal(mounts.get('varlog')?.readOnly, true);
    }
  }
  const dockerDaemonSet = one(await render({ files: [docker as string] }), 'DaemonSet');
  const dockerMount = podSpec(dockerDaemonSet).containers[0].volumeMounts.find(
    (m: Rendered) => m.name === 'dockercontainers',
  );
  assert.deepEqual(dockerMount, { name: 'dockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true });
});

test('RBAC: one ClusterRole with get, list and watch on pods and namespaces, bound to Fluentd alone', async () => {
  for (const { name, objects } of await everyRendering()) {
    const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding');
    if (name.includes('dashboards-and-rules-only')) {
      assert.deepEqual([...roles, ...bindings], [], name);
      continue;
    }
    assert.equal(roles.length, 1, name);
    const role = roles[0] as K8sObject;
    assert.equal(role.kind, 'ClusterRole');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    assert.equal(bindings.length, 1, name);
    const binding = bindings[0] as K8sObject;
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    const fluentd = one(objects, 'DaemonSet');
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: podSpec(fluentd).serviceAccountName, namespace: 'monitoring' },
    ]);
  }
});

test('pods that talk to no Kubernetes API get no service account token', async () => {
  const objects = await render({ values: FORWARDER_ON });
  for (const workload of objects.filter((o) => WORKLOADS.has(o.kind) && o.kind !== 'DaemonSet')) {
    assert.equal(podSpec(workload).automountServiceAccountToken, false, workload.metadata.name);
  }
  assert.equal(one(objects, 'ServiceAccount', '-forwarder').automountServiceAccountToken, false);
});

test('secrets stay in Secrets: the forwarder configuration and the ingest token, never a ConfigMap or a plain env value', async () => {
  const sinks = ciValuesFiles().find((f) => f.endsWith('forwarder-sinks-values.yaml'));
  const objects = await render({ files: [sinks as string] });
  const config = one(objects, 'Secret', '-forwarder');
  assert.match(config.stringData['forwarder.yaml'], /hooks\.slack\.com/);
  for (const configMap of find(objects, 'ConfigMap')) {
    assert.doesNotMatch(JSON.stringify(configMap), /hooks\.slack\.com|change-me/, configMap.metadata.name);
  }
  for (const { workload, container } of objects.filter((o) => WORKLOADS.has(o.kind)).flatMap(containersOf)) {
    for (const env of container.env ?? []) {
      if (/TOKEN|PASSWORD|SECRET|USER/.test(env.name) && env.name !== 'K8S_NODE_NAME') {
        assert.ok(env.valueFrom?.secretKeyRef, `${workload} ${env.name} is not read from a Secret`);
      }
    }
  }
  // The token Secret the chart makes is random, not a default every installation shares.
  const token = one(objects, 'Secret', '-ingest-token');
  const again = one(await render({ files: [sinks as string] }), 'Secret', '-ingest-token');
  assert.notEqual(token.data.token, again.data.token);
  assert.ok(Buffer.from(token.data.token, 'base64').length >= 32);
});

test('the forwarder accepts error records only from Fluentd (and listed peers); its metrics stay readable', async () => {
  const objects = await render({ values: FORWARDER_ON });
  const policy = one(objects, 'NetworkPolicy');
  const fluentdLabels = one(objects, 'DaemonSet').spec.selector.matchLabels;
  const forwarder = one(objects, 'Deployment', '-forwarder');
  assert.deepEqual(policy.spec.podSelector.matchLabels, forwarder.spec.selector.matchLabels);
  assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
  const [ingest, metrics] = policy.spec.ingress;
  assert.deepEqual(ingest.ports, [{ port: 'ingest', protocol: 'TCP' }]);
  assert.deepEqual(ingest.from, [{ podSelector: { matchLabels: fluentdLabels } }]);
  assert.deepEqual(metrics.ports, [{ port: 'metrics', protocol: 'TCP' }]);
});
