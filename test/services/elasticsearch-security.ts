// Security for a test Elasticsearch: a throwaway CA and node certificate (openssl) for
// HTTPS, and one superuser in the file realm, so clients can be tested with credentials
// and a CA file against the real thing. The password hash is PBKDF2 in Elasticsearch's
// `{PBKDF2}<cost>$<salt>$<hash>` form (the file realm reads the algorithm from the prefix).
import { execFileSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ElasticsearchCredentials {
  username: string;
  password: string;
  /** The CA that signed the node's certificate (PEM file). */
  caFile: string;
}

function passwordHash(password: string): string {
  const cost = 10_000;
  const salt = randomBytes(32);
  const hash = pbkdf2Sync(password, salt, cost, 32, 'sha512').toString('base64');
  return `{PBKDF2}${cost}$${salt.toString('base64')}$${hash}`;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** Writes the certificates and users into `config` and returns the elasticsearch.yml lines. */
export async function secure(config: string): Promise<{ settings: string[]; credentials: ElasticsearchCredentials }> {
  openssl(
    config,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=kansoku-test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  openssl(
    config,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'node.key',
    '-out',
    'node.csr',
  );
  await writeFile(join(config, 'node.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    config,
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'node.ext',
    '-out',
    'node.crt',
  );
  const credentials = {
    username: 'kansoku',
    password: randomBytes(12).toString('hex'),
    caFile: join(config, 'ca.crt'),
  };
  await writeFile(join(config, 'users'), `${credentials.username}:${passwordHash(credentials.password)}\n`);
  await writeFile(join(config, 'users_roles'), `superuser:${credentials.username}\n`);
  return {
    credentials,
    settings: [
      'xpack.security.enabled: true',
      'xpack.security.http.ssl.enabled: true',
      'xpack.security.http.ssl.key: node.key',
      'xpack.security.http.ssl.certificate: node.crt',
      'xpack.security.http.ssl.certificate_authorities: ca.crt',
    ],
  };
}
