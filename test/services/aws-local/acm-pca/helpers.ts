/** Shared steps for the Private CA tests: create and activate CAs, make CSRs. */
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  type KeyAlgorithm,
  type SigningAlgorithm,
} from '@aws-sdk/client-acm-pca';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { x509 } from '../../../../services/aws-local/acm-pca/x509.ts';

export const TEMPLATE = (name: string) => `arn:aws:acm-pca:::template/${name}`;

export const SIGNING_FOR: Record<string, SigningAlgorithm> = {
  RSA_2048: 'SHA256WITHRSA',
  RSA_4096: 'SHA256WITHRSA',
  EC_prime256v1: 'SHA256WITHECDSA',
  EC_secp384r1: 'SHA384WITHECDSA',
};

export async function createCa(
  client: ACMPCAClient,
  options: {
    type?: 'ROOT' | 'SUBORDINATE';
    keyAlgorithm?: KeyAlgorithm;
    commonName?: string;
    usageMode?: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
  } = {},
): Promise<string> {
  const keyAlgorithm = options.keyAlgorithm ?? 'EC_prime256v1';
  const out = await client.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: options.type ?? 'ROOT',
      UsageMode: options.usageMode,
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: keyAlgorithm,
        SigningAlgorithm: SIGNING_FOR[keyAlgorithm],
        Subject: { Country: 'US', Organization: 'pca-mtls', CommonName: options.commonName ?? 'Test Root CA' },
      },
    }),
  );
  return out.CertificateAuthorityArn!;
}

/** Waits for GetCertificate to stop answering RequestInProgressException (timing `pca.issue`). */
export async function getIssued(client: ACMPCAClient, caArn: string, certificateArn: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.send(
        new GetCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn: certificateArn }),
      );
    } catch (err) {
      if ((err as Error).name !== 'RequestInProgressException' || attempt > 200) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The documented root activation: CSR → IssueCertificate(RootCACertificate/V1) → Import. */
export async function activateRoot(
  client: ACMPCAClient,
  caArn: string,
  signingAlgorithm: SigningAlgorithm = 'SHA256WITHECDSA',
) {
  const { Csr } = await client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: caArn }));
  const { CertificateArn } = await client.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: caArn,
      Csr: Buffer.from(Csr!),
      SigningAlgorithm: signingAlgorithm,
      TemplateArn: TEMPLATE('RootCACertificate/V1'),
      Validity: { Type: 'YEARS', Value: 10 },
    }),
  );
  const issued = await getIssued(client, caArn, CertificateArn!);
  await client.send(
    new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: caArn,
      Certificate: Buffer.from(issued.Certificate!),
    }),
  );
  return issued.Certificate!;
}

/** Activates a subordinate CA under an ACTIVE parent with SubordinateCACertificate_PathLen0/V1. */
export async function activateSubordinate(
  client: ACMPCAClient,
  parentArn: string,
  subArn: string,
  signingAlgorithm: SigningAlgorithm = 'SHA256WITHECDSA',
) {
  const { Csr } = await client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: subArn }));
  const { CertificateArn } = await client.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: parentArn,
      Csr: Buffer.from(Csr!),
      SigningAlgorithm: signingAlgorithm,
      TemplateArn: TEMPLATE('SubordinateCACertificate_PathLen0/V1'),
      Validity: { Type: 'YEARS', Value: 5 },
    }),
  );
  const issued = await getIssued(client, parentArn, CertificateArn!);
  await client.send(
    new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: subArn,
      Certificate: Buffer.from(issued.Certificate!),
      CertificateChain: Buffer.from(issued.CertificateChain!),
    }),
  );
  return issued;
}

/** A fresh key pair and a PEM CSR for it, with optional DNS SANs. */
export async function makeCsr(options: { commonName?: string; dnsNames?: string[]; key?: 'EC' | 'RSA' } = {}) {
  const key = options.key ?? 'EC';
  const pair =
    key === 'EC'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const algorithm =
    key === 'EC' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
    algorithm,
    false,
    ['sign'],
  );
  const publicKey = await webcrypto.subtle.importKey(
    'spki',
    pair.publicKey.export({ type: 'spki', format: 'der' }),
    algorithm,
    true,
    ['verify'],
  );
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${options.commonName ?? 'svc.local'}`,
    keys: { privateKey, publicKey } as never,
    signingAlgorithm: (key === 'EC' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' }) as never,
    extensions: options.dnsNames
      ? [new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value })))]
      : [],
  });
  return {
    csrPem: csr.toString('pem') + '\n',
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyDer: pair.publicKey.export({ type: 'spki', format: 'der' }),
  };
}

export function parseCertificate(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}
