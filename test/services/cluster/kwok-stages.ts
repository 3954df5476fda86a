// The kwok Stages of the test cluster: how simulated nodes and pods move through the
// states a kubelet would report. A healthy path (nodes Ready, pods Running, Job pods
// Succeeded, deleted pods gone) and the failures the alert tests need, chosen per object
// by a label, so that a test says in its manifest what it wants to happen:
//
//   node label  kansoku.test/node-state=NotReady   the node reports Ready=False (remove it to heal)
//   pod label   kansoku.test/pod-state=CrashLoopBackOff   containers wait in CrashLoopBackOff
//   pod label   kansoku.test/pod-state=Failed      the pod fails (exit code 1)
//
// Written against kwok's Stage API (kwok.x-k8s.io/v1alpha1): selectors are jq-like
// expressions, `next.statusTemplate` is a Go template with kwok's functions (Now, Quote,
// NodeConditions, NodeIPWith, PodIPWith).
import { stringify } from 'yaml';

export const NODE_STATE_LABEL = 'kansoku.test/node-state';
export const POD_STATE_LABEL = 'kansoku.test/pod-state';

type Expression = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };

const label = (name: string) => `.metadata.labels["${name}"]`;
const readyStatus = '.status.conditions.[] | select( .type == "Ready" ) | .status';
const notDeleted: Expression = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const phase = (value: string): Expression => ({ key: '.status.phase', operator: 'In', values: [value] });

function stage(name: string, kind: 'Node' | 'Pod', matchExpressions: Expression[], next: Record<string, unknown>) {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name },
    spec: { resourceRef: { apiGroup: 'v1', kind }, selector: { matchExpressions }, next },
  };
}

const nodeStatus = (ready: 'True' | 'False') => `
{{ $now := Now }}
conditions:
{{ range NodeConditions }}
- lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $now | Quote }}
{{ if eq .type "Ready" }}
  status: "${ready}"
  reason: ${ready === 'True' ? 'KubeletReady' : 'KubeletNotReady'}
  message: ${ready === 'True' ? 'kwok reports the node ready' : 'set NotReady by the test (kansoku.test/node-state)'}
{{ else }}
  status: {{ .status | Quote }}
  reason: {{ .reason | Quote }}
  message: {{ .message | Quote }}
{{ end }}
  type: {{ .type | Quote }}
{{ end }}
addresses:
- address: {{ NodeIP | Quote }}
  type: InternalIP
- address: {{ NodeName | Quote }}
  type: Hostname
allocatable:
{{ with .status.allocatable }}{{ YAML . 1 }}{{ else }}  cpu: "32"
  memory: 128Gi
  pods: "110"{{ end }}
capacity:
{{ with .status.capacity }}{{ YAML . 1 }}{{ else }}  cpu: "32"
  memory: 128Gi
  pods: "110"{{ end }}
nodeInfo:
  architecture: amd64
  operatingSystem: linux
  kubeletVersion: {{ printf "kwok-%s" Version | Quote }}
  kubeProxyVersion: {{ printf "kwok-%s" Version | Quote }}
  containerRuntimeVersion: {{ printf "kwok-%s" Version | Quote }}
  kernelVersion: {{ printf "kwok-%s" Version | Quote }}
  osImage: kwok
  machineID: ""
  systemUUID: ""
  bootID: ""
phase: Running
`;

/** Pod status for containers in `state` (a YAML fragment under `state:`), with `phase`. */
const podStatus = (o: { phase: string; ready: boolean; restarts: number; state: string; lastState?: string }) => `
{{ $now := Now }}
conditions:
- type: PodScheduled
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: Initialized
  status: "True"
  lastTransitionTime: {{ $now | Quote }}
- type: ContainersReady
  status: "${o.ready ? 'True' : 'False'}"
  lastTransitionTime: {{ $now | Quote }}
- type: Ready
  status: "${o.ready ? 'True' : 'False'}"
  lastTransitionTime: {{ $now | Quote }}
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: ""
  ready: ${o.ready}
  started: ${o.ready}
  restartCount: ${o.restarts}
  state:
${o.state}
${o.lastState ? `  lastState:\n${o.lastState}` : ''}
{{ end }}
initContainerStatuses:
{{ range .spec.initContainers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: ""
  ready: true
  restartCount: 0
  state:
    terminated:
      exitCode: 0
      reason: Completed
      startedAt: {{ $now | Quote }}
      finishedAt: {{ $now | Quote }}
{{ end }}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
phase: ${o.phase}
startTime: {{ $now | Quote }}
`;

const running = '    running:\n      startedAt: {{ $now | Quote }}';
const exited = (code: number, reason: string) =>
  `    terminated:\n      exitCode: ${code}\n      reason: ${reason}\n      startedAt: {{ $now | Quote }}\n      finishedAt: {{ $now | Quote }}`;

export function kwokStages(): object[] {
  const podState = label(POD_STATE_LABEL);
  return [
    stage(
      'kansoku-node-ready',
      'Node',
      [
        { key: readyStatus, operator: 'NotIn', values: ['True'] },
        { key: label(NODE_STATE_LABEL), operator: 'DoesNotExist' },
      ],
      { statusTemplate: nodeStatus('True') },
    ),
    stage(
      'kansoku-node-not-ready',
      'Node',
      [
        { key: readyStatus, operator: 'In', values: ['True'] },
        { key: label(NODE_STATE_LABEL), operator: 'In', values: ['NotReady'] },
      ],
      { statusTemplate: nodeStatus('False') },
    ),
    stage('kansoku-pod-ready', 'Pod', [notDeleted, phase('Pending'), { key: podState, operator: 'DoesNotExist' }], {
      statusTemplate: podStatus({ phase: 'Running', ready: true, restarts: 0, state: running }),
    }),
    stage(
      'kansoku-pod-crash-loop',
      'Pod',
      [notDeleted, phase('Pending'), { key: podState, operator: 'In', values: ['CrashLoopBackOff'] }],
      {
        statusTemplate: podStatus({
          phase: 'Running',
          ready: false,
          restarts: 5,
          state: '    waiting:\n      reason: CrashLoopBackOff\n      message: back-off restarting failed container',
          lastState: exited(1, 'Error'),
        }),
      },
    ),
    stage(
      'kansoku-pod-failed',
      'Pod',
      [notDeleted, phase('Pending'), { key: podState, operator: 'In', values: ['Failed'] }],
      { statusTemplate: podStatus({ phase: 'Failed', ready: false, restarts: 0, state: exited(1, 'Error') }) },
    ),
    stage(
      'kansoku-job-pod-complete',
      'Pod',
      [notDeleted, phase('Running'), { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] }],
      { statusTemplate: podStatus({ phase: 'Succeeded', ready: false, restarts: 0, state: exited(0, 'Completed') }) },
    ),
    stage('kansoku-pod-delete', 'Pod', [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }], {
      delete: true,
    }),
  ];
}

export function kwokStagesYaml(): string {
  return kwokStages()
    .map((s) => stringify(s))
    .join('---\n');
}
