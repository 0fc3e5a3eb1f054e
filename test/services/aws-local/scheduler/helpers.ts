/** Shared setup for the scheduler tests: a CA, an ACM certificate, the clock and the event log. */
import {
  ACMClient,
  DescribeCertificateCommand,
  ExportCertificateCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import { ACMPCAClient, CreatePermissionCommand } from '@aws-sdk/client-acm-pca';
import type { AwsLocalOptions } from '../../../../services/aws-local/app.ts';
import { startTestAwsLocal, type Teardown, type TestAwsLocal } from '../../../helpers/aws-local.ts';
import { activateRoot, createCa } from '../acm-pca/helpers.ts';

export const DAY_S = 86_400;
export const DAY_MS = DAY_S * 1000;

export interface ControlEvent {
  id: string;
  time: string;
  source: string;
  detailType: string;
  resources: string[];
  detail: Record<string, any>;
  rules: string[];
  deliveries: {
    rule: string;
    targetId: string;
    targetArn: string;
    status: string;
    attempts: number;
    lastError?: string;
    deadLetterReason?: string;
    result?: any;
    finishedAt?: string;
  }[];
}

/** aws-local whose time-driven work runs only when a test moves the clock (no real-time tick). */
export async function startScheduled(t: Teardown, options: AwsLocalOptions = {}) {
  const local = await startTestAwsLocal(t, {
    tickIntervalMs: 0,
    timings: { 'pca.issue': 0, 'acm.issue': 0, 'acm.visible': 0, 'acm.renew': 1_000 },
    ...options,
  });
  const pca = new ACMPCAClient(local.clientConfig);
  const acm = new ACMClient(local.clientConfig);
  return { local, pca, acm, ...controls(local) };
}

export function controls(local: TestAwsLocal) {
  return {
    advance: async (seconds: number) => {
      const moved = await local.control('POST', 'clock', { advanceSeconds: seconds });
      if (moved.status !== 200) throw new Error(`clock: ${JSON.stringify(moved.body)}`);
    },
    setClock: async (at: Date) => {
      const moved = await local.control('POST', 'clock', { now: at.toISOString() });
      if (moved.status !== 200) throw new Error(`clock: ${JSON.stringify(moved.body)}`);
    },
    events: async (query = ''): Promise<ControlEvent[]> => (await local.control('GET', `events${query}`)).body.events,
    settle: async () => {
      const settled = await local.control('POST', 'settle', { timeoutMs: 60_000 });
      if (settled.status !== 200) throw new Error(`settle: ${JSON.stringify(settled.body)}`);
    },
  };
}

export async function activeRoot(pca: ACMPCAClient, options: { grantAcm?: boolean } = {}): Promise<string> {
  const caArn = await createCa(pca, { commonName: 'Scheduler Test Root' });
  await activateRoot(pca, caArn);
  if (options.grantAcm !== false) {
    await pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: caArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
  }
  return caArn;
}

export async function issuedCertificate(
  acm: ACMClient,
  caArn: string,
  options: { exported?: boolean; domain?: string } = {},
) {
  const { CertificateArn } = await acm.send(
    new RequestCertificateCommand({
      DomainName: options.domain ?? 'colorteller.mesh.local',
      CertificateAuthorityArn: caArn,
      KeyAlgorithm: 'EC_prime256v1',
    }),
  );
  if (options.exported !== false) {
    await acm.send(
      new ExportCertificateCommand({ CertificateArn, Passphrase: Buffer.from('scheduler-test-passphrase') }),
    );
  }
  return describe(acm, CertificateArn!);
}

export async function describe(acm: ACMClient, arn: string) {
  return (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
}

/** The clock's current reading. */
export async function clockNow(local: TestAwsLocal): Promise<number> {
  return Date.parse((await local.control('GET', 'clock')).body.now);
}
