// The certificates and keys a test control plane needs, made fresh for every cluster with
// the openssl command line: a CA, one serving certificate for 127.0.0.1 that the API
// server, controller manager and scheduler all present, and the key pair that signs
// service-account tokens. EC P-256 keys: quick to make, and every component accepts them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClusterCertificates {
  caFile: string;
  caKeyFile: string;
  servingCertFile: string;
  servingKeyFile: string;
  serviceAccountKeyFile: string;
  serviceAccountPublicKeyFile: string;
}

/** Names the serving certificate is valid for: loopback, and the in-cluster service names. */
const SERVING_NAMES = [
  'IP:127.0.0.1',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
];

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr || e.message}`);
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-noenc'];

export async function makeCertificates(dir: string): Promise<ClusterCertificates> {
  const f = (name: string) => join(dir, name);
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=kansoku-test-cluster-ca',
  ]);
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    f('serving.key'),
    '-out',
    f('serving.crt'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-days',
    '2',
    '-subj',
    '/CN=kube-apiserver',
    '-addext',
    `subjectAltName=${SERVING_NAMES.join(',')}`,
    '-addext',
    'extendedKeyUsage=serverAuth',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
  ]);
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('service-account.key')]);
  await openssl(['ec', '-in', f('service-account.key'), '-pubout', '-out', f('service-account.pub')]);
  return {
    caFile: f('ca.crt'),
    caKeyFile: f('ca.key'),
    servingCertFile: f('serving.crt'),
    servingKeyFile: f('serving.key'),
    serviceAccountKeyFile: f('service-account.key'),
    serviceAccountPublicKeyFile: f('service-account.pub'),
  };
}
