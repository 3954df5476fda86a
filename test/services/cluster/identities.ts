// Who talks to the test API server, each with a static bearer token made fresh per
// cluster (the API server's --token-auth-file). The controller manager and scheduler get
// the user names Kubernetes' bootstrap RBAC policy already grants their permissions to.
// The test bed's own tools (kwok, kube-state-metrics) and the tests act as cluster admins
// (group system:masters): they stand in for a kubelet and an operator, not for the
// least-privileged workloads the bundle ships.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

export const IDENTITY_NAMES = ['admin', 'controllerManager', 'scheduler', 'kwok', 'kubeStateMetrics'] as const;
export type IdentityName = (typeof IDENTITY_NAMES)[number];

export interface Identity {
  user: string;
  groups: string[];
  token: string;
}

const USERS: Record<IdentityName, { user: string; groups: string[] }> = {
  admin: { user: 'kansoku-test-admin', groups: ['system:masters'] },
  controllerManager: { user: 'system:kube-controller-manager', groups: [] },
  scheduler: { user: 'system:kube-scheduler', groups: [] },
  kwok: { user: 'kwok-controller', groups: ['system:masters'] },
  kubeStateMetrics: { user: 'kube-state-metrics', groups: ['system:masters'] },
};

export function makeIdentities(): Record<IdentityName, Identity> {
  const out = {} as Record<IdentityName, Identity>;
  for (const name of IDENTITY_NAMES) out[name] = { ...USERS[name], token: randomBytes(24).toString('hex') };
  return out;
}

/** The API server's static token file: token,user,uid,"group1,group2". */
export async function writeTokenFile(path: string, identities: Record<IdentityName, Identity>): Promise<void> {
  const lines = Object.values(identities).map((i) => `${i.token},${i.user},${i.user},"${i.groups.join(',')}"`);
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}
