/**
 * `pca-mtls status` over aws-local: identities exported with the real export
 * service, the emulator's clock moved forward, ACM renewing underneath.
 */
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { main } from '../../cli/main.ts';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { createLogger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { parseIdentitySecret } from '../../lib/secret-schema/identity-secret.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal, TEST_CREDENTIALS, TEST_REGION } from '../helpers/aws-local.ts';
import { runCli } from '../helpers/cli-process.ts';

const DAY_S = 86_400;

async function status(args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['status', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function statusJson(args: string[] = []) {
  const result = await status([...args, '--json']);
  return { ...result, report: JSON.parse(result.stdout) };
}

t.test('pca-mtls status over aws-local', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const env = {
    AWS_ENDPOINT_URL: local.url,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  Object.assign(process.env, env);
  const deps = { clients, logger: createLogger({ name: 'test', level: 'silent' }) };
  const awsNow = async () => new Date((await local.control('GET', 'clock')).body.now);

  // An empty account first: nothing found is not a problem.
  const empty = await status();
  t.equal(empty.code, 0, 'an empty account: exit 0');
  t.match(empty.stdout, /no pca-mtls identities found/);

  const root = await createRootCa(clients.pca, { commonName: 'Mesh Root' });
  const shortLived = await createRootCa(clients.pca, {
    commonName: 'Short-lived Root',
    usageMode: 'SHORT_LIVED_CERTIFICATE',
  });
  const teller = await exportIdentity(
    deps,
    parseExportRequest({
      identity: 'colorteller',
      source: 'acm',
      caArn: root.caArn,
      domain: 'colorteller.mesh.local',
      role: 'server',
      ecsServices: ['mesh/colorteller'],
      rotation: 'redeploy',
    }),
  );
  const gateway = await exportIdentity(
    deps,
    parseExportRequest({
      identity: 'colorgateway',
      source: 'pca',
      caArn: shortLived.caArn,
      domain: 'colorgateway.mesh.local',
      role: 'client',
      ecsServices: ['mesh/colorgateway', 'mesh/canary'],
    }),
  );
  // Not ours: no pca-mtls:identity tag, so not listed.
  await clients.secrets.send(
    new CreateSecretCommand({
      Name: 'app/db',
      SecretString: '{"password":"hunter2"}',
      Tags: [{ Key: 'pca-mtls:identity-not', Value: 'x' }],
    }),
  );

  await t.test('fresh identities: one row each with what binds them, exit 0', async (t) => {
    const { code, report } = await statusJson();
    t.equal(code, 0);
    t.same(report.summary, { ok: 2, warning: 0, error: 0 });
    const [gw, tl] = report.identities;
    t.match(tl, {
      identity: 'colorteller',
      secretName: 'pca-mtls/colorteller',
      source: 'acm',
      serial: teller.serial,
      notAfter: teller.notAfter,
      rotation: 'redeploy',
      ecsServices: ['mesh/colorteller'],
      certificateArn: teller.certificateArn,
      acmSerial: teller.serial,
      versionCount: 1,
      state: 'ok',
      problems: [],
    });
    t.ok(tl.daysLeft >= 393 && tl.daysLeft <= 395, `${tl.daysLeft} days left of ACM's 395`);
    t.match(gw, {
      identity: 'colorgateway',
      source: 'pca',
      serial: gateway.serial,
      rotation: 'hot',
      ecsServices: ['mesh/colorgateway', 'mesh/canary'],
      versionCount: 1,
      state: 'ok',
    });
    t.notOk('certificateArn' in gw, 'a pca identity has no ACM certificate to compare');
    t.equal(gw.daysLeft, 6, 'a 7-day certificate, a moment later');

    const human = await status();
    t.equal(human.code, 0);
    t.match(
      human.stdout,
      /identity +source +serial +not after +days left +rotation +services +last export +versions +state/,
    );
    t.match(
      human.stdout,
      new RegExp(
        `colorteller +acm +${teller.serial} +${teller.notAfter.replace(/\./g, '\\.')} +\\d+ +redeploy +mesh/colorteller +\\S+ +1 +OK`,
      ),
    );
    t.match(human.stdout, /colorgateway +pca .* hot +mesh\/colorgateway mesh\/canary .* OK/);
    t.match(human.stdout, /2 identities: 2 ok, 0 warning, 0 error/);
  });

  await t.test('pca: a warning past 2/3 of the lifetime, an error once expired', async (t) => {
    const start = await awsNow();
    const at = (days: number) => new Date(start.getTime() + days * DAY_S * 1000).toISOString();
    const due = await statusJson(['--at', at(5)]);
    t.equal(due.code, 1);
    const gw = due.report.identities.find((i: any) => i.identity === 'colorgateway');
    t.match(gw, {
      state: 'warning',
      problems: [{ level: 'warning', code: 'RENEWAL_DUE', message: /past 2\/3 of its lifetime/ }],
    });
    const expired = await status(['--at', at(8)]);
    t.equal(expired.code, 1);
    t.match(
      expired.stdout,
      new RegExp(`ERROR colorgateway \\(pca-mtls/colorgateway\\): EXPIRED: certificate ${gateway.serial} expired at`),
    );
    t.match(expired.stderr, /1 identity\(ies\) with errors, 0 with warnings/);
  });

  await t.test(
    'acm: inside 60 days, ACM renewed underneath → warnings, "re-export needed" and INELIGIBLE; re-export clears both',
    async (t) => {
      // ACM's managed renewal at 60 days before expiry runs during the jump; nobody re-exports it.
      await local.control('POST', 'clock', { advanceSeconds: 340 * DAY_S });
      // The renewal completes after acm.renew on the emulator's clock.
      await local.control('POST', 'clock', { advanceSeconds: 60 });
      const now = (await awsNow()).toISOString();
      const { code, report } = await statusJson(['--at', now]);
      t.equal(code, 1);
      const tl = report.identities.find((i: any) => i.identity === 'colorteller');
      t.ok(tl.daysLeft < 60 && tl.daysLeft > 50, `${tl.daysLeft} days left`);
      t.not(tl.acmSerial, teller.serial, 'ACM now holds a new serial');
      t.same(
        tl.problems.map((p: any) => p.code),
        ['RENEWAL_DUE', 'ACM_SERIAL_DIFFERS', 'ACM_RENEWAL_INELIGIBLE'],
      );
      t.equal(tl.renewalEligibility, 'INELIGIBLE', 'renewed and not exported since: ACM would let it expire');
      t.match(
        tl.problems[2].message,
        /ACM will not renew arn:aws:acm:.*not exported since it was issued or last renewed/,
      );
      t.match(
        tl.problems[1].message,
        /ACM renewed it; re-export needed \(pca-mtls export --identity colorteller --certificate-arn arn:aws:acm:/,
      );
      t.equal(
        report.identities.find((i: any) => i.identity === 'colorgateway').state,
        'error',
        'the 7-day certificate is long expired',
      );

      const reexported = await exportIdentity(
        { ...deps, now: () => new Date(now) },
        parseExportRequest({
          identity: 'colorteller',
          certificateArn: teller.certificateArn,
          role: 'server',
          ecsServices: ['mesh/colorteller'],
          rotation: 'redeploy',
        }),
      );
      const after = (await statusJson(['--at', now])).report.identities.find((i: any) => i.identity === 'colorteller');
      t.match(after, {
        serial: reexported.serial,
        acmSerial: reexported.serial,
        renewalEligibility: 'ELIGIBLE',
        versionCount: 2,
        state: 'ok',
        problems: [],
      });
      // ACM renewed it at the 60-day mark, five days before `now`: 395 - 5 days, less the minute since.
      t.ok(after.daysLeft >= 389, `the renewed certificate has a fresh lifetime (${after.daysLeft} days left)`);
    },
  );

  await t.test('an unreadable tagged secret is an error for that row only; nothing secret is printed', async (t) => {
    await clients.secrets.send(
      new CreateSecretCommand({
        Name: 'pca-mtls/broken',
        SecretString: '{"schema":"pca-mtls/v1","identity":"broken","passphrase":"p4ss-Not-Printed"}',
        Tags: [{ Key: 'pca-mtls:identity', Value: 'broken' }],
      }),
    );
    const now = (await awsNow()).toISOString();
    const human = await status(['--at', now]);
    const json = await statusJson(['--at', now]);
    t.equal(human.code, 1);
    const broken = json.report.identities.find((i: any) => i.identity === 'broken');
    t.match(broken, {
      state: 'error',
      problems: [
        {
          code: 'SECRET_UNREADABLE',
          message: /cannot be read as an identity: secret pca-mtls\/broken: field 'certificate' is missing/,
        },
      ],
    });
    t.equal(json.report.identities.length, 3, 'the other rows are still there');

    const stored = parseIdentitySecret(
      (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
      'x',
    );
    const everything = [human.stdout, human.stderr, json.stdout].join('\n');
    t.notOk(everything.includes(stored.passphrase), 'no passphrase');
    t.notOk(everything.includes('p4ss-Not-Printed'), 'not even from a broken secret');
    t.notOk(everything.includes('hunter2'));
    t.notMatch(everything, /BEGIN|"schema"/);
  });

  await t.test(
    'exit codes through the real binary: 1 with problems, 2 when AWS cannot be reached or the arguments are wrong',
    async (t) => {
      const problems = await runCli(t, ['status', '--json'], env);
      t.equal(problems.code, 1);
      t.equal(JSON.parse(problems.stdout).identities.length, 3);
      const badAt = await runCli(t, ['status', '--at', 'next tuesday'], env);
      t.equal(badAt.code, 2);
      t.match(badAt.stderr, /'next tuesday' is not an ISO 8601 time/);
      const unreachable = await runCli(t, ['status'], { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
      t.equal(unreachable.code, 2);
      t.match(unreachable.stderr, /cannot list the pca-mtls secrets: secretsmanager:ListSecrets could not reach AWS/);
    },
  );
});
