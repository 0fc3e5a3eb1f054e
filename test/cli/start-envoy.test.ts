/**
 * `npm start` in Envoy mode: agents supervising real Envoy, the apps behind it, `pca-mtls verify` on both
 * admin ports as the mTLS proof, and the renewal seen in both Envoys' loaded certificates. Runs wherever an
 * envoy binary exists (on PATH, or PCA_MTLS_TEST_ENVOY=/path/to/envoy); reported as skipped elsewhere.
 */
import t from 'tap';
import { findEnvoy } from '../../cli/walkthrough/envoy-data-plane.ts';
import { runCli } from '../helpers/cli-process.ts';

const envoy = findEnvoy(process.env.PCA_MTLS_TEST_ENVOY || undefined);

t.test(
  'npm start -- --once --envoy: the whole story through real Envoy',
  { skip: envoy ? false : 'no envoy binary on PATH (nor PCA_MTLS_TEST_ENVOY): Envoy mode needs a real Envoy' },
  async (t) => {
    const run = await runCli(t, ['start', '--once', '--envoy', envoy!]);
    t.equal(run.code, 0, run.stderr.slice(-3000));
    t.match(run.stderr, /agent in watch mode supervising Envoy/);
    t.match(run.stderr, /gateway → teller over mutual TLS: requests succeed and show who called: done/);
    t.match(run.stderr, /a client without a certificate is refused by colorteller's Envoy: done/);
    t.match(run.stderr, /pca-mtls verify on both Envoy admin ports: every listener and cluster mTLS/);
    const traffic =
      /live traffic through the rotation: (\d+) requests, (\d+) failed; teller serials seen ([0-9a-f]+) → ([0-9a-f]+)/.exec(
        run.stdout,
      );
    t.equal(traffic?.[2], '0', 'no request failed while both Envoys reloaded the renewed certificates');
    t.not(traffic?.[3], traffic?.[4], 'the teller serial changed in Envoy without a restart');
    t.notMatch(run.stdout + run.stderr, /PRIVATE KEY|"passphrase"/);
  },
);
