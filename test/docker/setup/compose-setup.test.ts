import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { COMPOSE_IDENTITIES, setUpComposeDemo } from '../../../docker/setup/compose-setup.ts';
import { parseAgentConfig } from '../../../envoy/agent/config.ts';
import { bootstrap } from '../../../envoy/agent/bootstrap.ts';
import { listTrustedCas } from '../../../lib/trust/trust-bundle.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';
import { memoryDir } from '../../envoy/agent-fixtures.ts';
import { awsClientConfig } from '../../../lib/aws/client-config.ts';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

t.test('the compose setup job: two CAs, two identities, the trust bundle; a second run changes nothing', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const { logger } = capturingLogger('silent');

  const first = await setUpComposeDemo({ clients, logger });
  t.equal(first.created, true);
  t.same(
    first.secrets.map((s) => s.identity),
    COMPOSE_IDENTITIES.map((d) => d.identity),
  );
  t.equal((await listTrustedCas(clients))?.cas.length, 2, 'both CAs in the trust bundle');
  for (const demo of COMPOSE_IDENTITIES) {
    const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: `pca-mtls/${demo.identity}` }));
    t.match(JSON.parse(secret.SecretString ?? '{}'), { schema: 'pca-mtls/v1' }, `pca-mtls/${demo.identity} written`);
  }

  const again = await setUpComposeDemo({ clients, logger });
  t.same(again, { created: false, secrets: [], trustedCas: first.trustedCas }, 'idempotent');

  // What compose's colorteller-envoy agent then does with it: fetch, verify, write.
  const outDir = await memoryDir(t);
  const config = parseAgentConfig(
    [
      '--secret-id',
      'pca-mtls/colorteller',
      '--role',
      'server',
      '--allow-peer-san',
      'colorgateway.mesh.local',
      '--out-dir',
      outDir,
      '--once',
    ],
    {},
  );
  const secrets = new SecretsManagerClient(awsClientConfig({ ...local.clientConfig, maxAttempts: 2 }));
  const result = await bootstrap(config, { clients: { secrets }, logger, now: () => new Date() });
  t.equal(result.serial, first.secrets[0]?.serial, "the agent accepts the setup's teller identity");
});
