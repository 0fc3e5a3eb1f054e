import t from 'tap';
import { runCli } from '../helpers/cli-process.ts';

// Two whole walkthroughs (each starts aws-local, exports identities, runs two agents, both apps, a renewal
// and an ECS redeploy): on a loaded 2-core machine this is legitimately longer than the suite's 120 s per
// file. The bound only proves "does not hang"; the walkthrough bounds each of its own steps.
t.setTimeout(360_000);

t.test('npm start -- --once tells the whole story and exits 0 only when all of it held', async (t) => {
  const run = await runCli(t, ['start', '--once']);
  t.equal(run.code, 0, run.stderr.slice(-3000));
  t.match(
    run.stderr,
    /\[1\/12\] start the embedded local AWS endpoint with the project Lambdas, rules and renewal queue: done .*ACM events → queue pca-mtls-renewal-events → pca-mtls-renew/,
  );
  t.match(run.stderr, /no envoy binary on PATH: direct mode/, 'says which data plane it uses');
  t.match(run.stderr, /a client without a certificate is refused by colorteller: done in \d+ ms — refused/);
  t.match(run.stdout, /colorgateway\s+client\s+colorgateway\.mesh\.local/);
  t.match(run.stdout, /Identity secrets in Secrets Manager/);
  t.match(run.stdout, /event ACM Certificate Available \(RENEWAL\)/);
  t.match(
    run.stdout,
    /→ renewal queue: SUCCEEDED after \d+ attempt\(s\) → renew Lambda \(event source mapping\): handled; versions written: colorteller [0-9a-f]+; services rolled: none/,
  );
  t.match(run.stdout, /services rolled: color-mesh\/colorgateway \(ecs-svc\/\d+\)/);
  t.match(run.stdout, /ECS color-mesh\/colorgateway: new PRIMARY deployment ecs-svc\/\d+/);
  const traffic =
    /live traffic through the rotation: (\d+) requests, (\d+) failed; teller serials seen ([0-9a-f]+) → ([0-9a-f]+)/.exec(
      run.stdout,
    );
  t.ok(traffic, 'the rotation under traffic is reported');
  t.equal(traffic?.[2], '0', 'no request failed during the rotation');
  t.not(traffic?.[3], traffic?.[4], 'the teller serial changed without a restart');
  t.notMatch(
    run.stdout + run.stderr,
    /PRIVATE KEY|"passphrase"|"schema":"pca-mtls\/v1"/,
    'no secret material in anything printed',
  );
});

t.test(
  'a fault injected into the trust bundle fails the walkthrough at the step that notices, with the reason',
  async (t) => {
    const run = await runCli(t, ['start', '--once', '--inject-fault', 'trust-bundle-missing-ca']);
    t.equal(run.code, 1);
    t.match(run.stderr, /FAULT INJECTED: without the colorgateway CA/);
    t.match(
      run.stderr,
      /pca-mtls: step "start colorgateway's agent in watch mode[^"]*" failed: the agent exited \(1\) before writing its files/,
    );
    t.match(run.stderr, /CHAIN_UNTRUSTED/, "the agent's own reason is shown");
    t.notMatch(run.stdout, /What this proved/);
  },
);
