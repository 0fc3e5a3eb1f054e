import { RequestCertificateCommand } from '@aws-sdk/client-acm';
import { waitUntilIssued } from '../../../lib/acm/wait-until-issued.ts';
import type { AwsClients } from '../../../lib/aws/clients.ts';
import type { RootCa } from '../../../lib/private-ca/create-root-ca.ts';
import type { DemoIdentity } from '../color-app.ts';
import { factOf, type IssuedIdentity, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 3: a private certificate per identity, requested through ACM from its CA. */
export const requestCertificates: WalkthroughStep<'issued'> = {
  fact: 'issued',
  title: () => 'request a private certificate for each identity through ACM and wait until ISSUED',
  run(ctx) {
    const { clients } = factOf(ctx, 'endpoint');
    return Promise.all(factOf(ctx, 'cas').map(({ demo, ca }) => requestCertificate(clients, demo, ca)));
  },
  summarize: (done) => done.map((d) => `${d.demo.domain} ${d.certificate.Status}`).join(', '),
};

async function requestCertificate(clients: AwsClients, demo: DemoIdentity, ca: RootCa): Promise<IssuedIdentity> {
  const requested = await clients.acm.send(
    new RequestCertificateCommand({
      DomainName: demo.domain,
      CertificateAuthorityArn: ca.caArn,
      KeyAlgorithm: demo.keyAlgorithm,
      // Same identity, same token: a re-run within the hour returns the same certificate.
      IdempotencyToken: demo.identity.replace(/[^\w]/g, '').slice(0, 32),
      Tags: [{ Key: 'pca-mtls:identity', Value: demo.identity }],
    }),
  );
  const certificate = await waitUntilIssued(clients.acm, requested.CertificateArn!);
  return { demo, ca, certificate };
}
