// A kubeconfig per identity: the server, the cluster CA and a static bearer token. Tests,
// helm and kubectl use the admin one; each control-plane component gets its own user.
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  caFile: string;
  user: string;
  token: string;
}

export async function writeKubeconfig(path: string, options: KubeconfigOptions): Promise<string> {
  const ca = (await readFile(options.caFile)).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kansoku-test', cluster: { server: options.server, 'certificate-authority-data': ca } }],
    users: [{ name: options.user, user: { token: options.token } }],
    contexts: [{ name: 'kansoku-test', context: { cluster: 'kansoku-test', user: options.user } }],
    'current-context': 'kansoku-test',
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
  return path;
}
