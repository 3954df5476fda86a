// Certificates made for a test with the openssl CLI (Debian's, installed by
// test/services/install.sh): a CA, a server certificate for 127.0.0.1 and localhost signed by
// it, a client certificate signed by it, and a second, unrelated CA with a client certificate
// of its own, for the "wrong CA" and "wrong client certificate" cases. EC P-256 keys, valid
// for a day, in a temporary folder removed by cleanup().
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export interface TestCertificates {
  dir: string;
  ca: Pem;
  server: Pem;
  client: Pem;
  otherCa: Pem;
  /** Signed by otherCa: a client certificate the server must refuse. */
  otherClient: Pem;
  cleanup(): void;
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(dir: string, name: string): Pem {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

function makeCa(dir: string, name: string): Pem {
  openssl(dir, [
    'req',
    '-x509',
    ...KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '1',
    '-subj',
    `/CN=kansoku test ${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return read(dir, name);
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string): Pem {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=kansoku test ${name}`]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  ]);
  return read(dir, name);
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'kansoku-certs-'));
  const ca = makeCa(dir, 'ca');
  const server = makeLeaf(
    dir,
    'server',
    'ca',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  const client = makeLeaf(dir, 'client', 'ca', 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
  const otherCa = makeCa(dir, 'other-ca');
  const otherClient = makeLeaf(
    dir,
    'other-client',
    'other-ca',
    'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n',
  );
  return {
    dir,
    ca,
    server,
    client,
    otherCa,
    otherClient,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
