import { exportIdentity } from '../../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../../lib/identity/export-request.ts';
import { GATEWAY, TELLER } from '../color-app.ts';
import { createDemoService } from '../ecs-setup.ts';
import { factOf, type WalkthroughStep } from '../walkthrough-context.ts';

/** Step 4: one pca-mtls/v1 secret per identity; the gateway is bound to its ECS service (redeploy mode). */
export const exportIdentities: WalkthroughStep<'exported'> = {
  fact: 'exported',
  title: () =>
    `export each identity into Secrets Manager (${GATEWAY.identity} bound to ECS service ${GATEWAY.ecsService} in redeploy mode, ${TELLER.identity} hot)`,
  async run(ctx) {
    const { clients, logger, now } = factOf(ctx, 'endpoint');
    await createDemoService(clients.ecs, GATEWAY.ecsService!);
    return Promise.all(
      factOf(ctx, 'issued').map(({ demo, certificate }) =>
        exportIdentity(
          { clients, logger, now },
          parseExportRequest({
            identity: demo.identity,
            source: 'acm',
            certificateArn: certificate.CertificateArn,
            role: demo.role,
            rotation: demo.rotation,
            ecsServices: demo.ecsService ? [demo.ecsService] : [],
          }),
        ),
      ),
    );
  },
  summarize: (results) =>
    results.map((r) => `${r.identity} → ${r.secretArn} (version ${r.versionId.slice(0, 12)}…)`).join(', '),
};
