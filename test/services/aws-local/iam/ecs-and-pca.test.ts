/**
 * IAM conditions beyond tags, through the real SDK clients: `ecs:cluster` on
 * UpdateService (a denied roll adds no deployment), ECS resource tags, the CA
 * ARN and `acm-pca:TemplateArn` on IssueCertificate, ACM's condition keys on
 * RequestCertificate.
 */
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { ACMPCAClient, IssueCertificateCommand } from '@aws-sdk/client-acm-pca';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import t from 'tap';
import { FAST_TIMINGS, startTestAwsLocal } from '../../../helpers/aws-local.ts';
import { activateRoot, createCa, makeCsr, TEMPLATE } from '../acm-pca/helpers.ts';
import { allow, implicitDenyMessage, policy, signingAs } from './helpers.ts';

const CLUSTER = (name: string) => `arn:aws:ecs:us-east-1:000000000000:cluster/${name}`;
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: Error) => e.name,
  );

t.test(
  'UpdateService bound to clusters by ecs:cluster; services by tag; a denied roll adds no deployment',
  async (t) => {
    const local = await startTestAwsLocal(t, {
      timings: FAST_TIMINGS,
      iam: {
        principals: {
          AKIDRENEW: {
            roleName: 'renew',
            policies: policy(
              allow('ecs:UpdateService', '*', { Condition: { ArnEquals: { 'ecs:cluster': CLUSTER('mesh') } } }),
              allow('ecs:DescribeServices', '*', {
                Condition: { StringEquals: { 'aws:ResourceTag/pca-mtls:managed': 'true' } },
              }),
            ),
          },
        },
      },
    });
    const admin = new ECSClient(local.clientConfig);
    await admin.send(
      new RegisterTaskDefinitionCommand({
        family: 'app',
        containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
      }),
    );
    for (const cluster of ['mesh', 'other']) {
      await admin.send(new CreateClusterCommand({ clusterName: cluster }));
      await admin.send(
        new CreateServiceCommand({
          cluster,
          serviceName: 'colorteller',
          taskDefinition: 'app',
          desiredCount: 1,
          tags: cluster === 'mesh' ? [{ key: 'pca-mtls:managed', value: 'true' }] : [],
        }),
      );
    }
    const renew = new ECSClient(signingAs(local, 'AKIDRENEW'));
    const deployments = async (cluster: string) =>
      (await admin.send(new DescribeServicesCommand({ cluster, services: ['colorteller'] }))).services?.[0]?.deployments
        ?.length;
    t.equal(
      await outcome(
        renew.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true })),
      ),
      'ok',
    );
    t.equal(await deployments('mesh'), 2, 'the roll started');
    const before = await deployments('other');
    const err = await renew
      .send(new UpdateServiceCommand({ cluster: 'other', service: 'colorteller', forceNewDeployment: true }))
      .then(
        () => new Error('allowed'),
        (e: Error) => e,
      );
    t.equal(
      err.message,
      implicitDenyMessage(
        'renew/AKIDRENEW',
        'ecs:UpdateService',
        'arn:aws:ecs:us-east-1:000000000000:service/other/colorteller',
      ),
    );
    t.equal(await deployments('other'), before, 'no deployment was added');
    t.equal(
      await outcome(renew.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }))),
      'ok',
    );
    t.equal(
      await outcome(renew.send(new DescribeServicesCommand({ cluster: 'other', services: ['colorteller'] }))),
      'AccessDeniedException',
      'untagged service',
    );
  },
);

t.test('IssueCertificate only from the listed CA and template; RequestCertificate by CA condition', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const admin = new ACMPCAClient(local.clientConfig);
  const allowedCa = await createCa(admin, { commonName: 'Allowed' });
  const otherCa = await createCa(admin, { commonName: 'Other' });
  await activateRoot(admin, allowedCa);
  await local.app.close();

  // A second emulator on the same state, now with the export role's policy naming the allowed CA.
  const restricted = await startTestAwsLocal(t, {
    stateDir: local.stateDir,
    timings: FAST_TIMINGS,
    iam: {
      principals: {
        AKIDEXPORT: {
          roleName: 'export',
          policies: policy(
            allow('acm-pca:IssueCertificate', allowedCa, {
              Condition: { ArnLike: { 'acm-pca:TemplateArn': TEMPLATE('EndEntity*') } },
            }),
            allow('acm:RequestCertificate', '*', {
              Condition: { StringEquals: { 'acm:CertificateAuthority': allowedCa } },
            }),
          ),
        },
      },
    },
  });
  const pca = new ACMPCAClient(signingAs(restricted, 'AKIDEXPORT'));
  const issue = (CertificateAuthorityArn: string, template: string) =>
    makeCsr({ dnsNames: ['colorteller.mesh.local'] }).then(({ csrPem }) =>
      pca.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn,
          Csr: Buffer.from(csrPem),
          SigningAlgorithm: 'SHA256WITHECDSA',
          TemplateArn: TEMPLATE(template),
          Validity: { Type: 'DAYS', Value: 7 },
        }),
      ),
    );
  t.equal(await outcome(issue(allowedCa, 'EndEntityClientAuthCertificate/V1')), 'ok');
  t.equal(
    await outcome(issue(otherCa, 'EndEntityClientAuthCertificate/V1')),
    'AccessDeniedException',
    'CA not in the policy',
  );
  t.equal(
    await outcome(issue(allowedCa, 'SubordinateCACertificate_PathLen0/V1')),
    'AccessDeniedException',
    'template condition',
  );
  const acm = new ACMClient(signingAs(restricted, 'AKIDEXPORT'));
  const request = (CertificateAuthorityArn: string) =>
    acm.send(new RequestCertificateCommand({ DomainName: 'colorteller.mesh.local', CertificateAuthorityArn }));
  t.equal(await outcome(request(allowedCa)), 'ok');
  t.equal(await outcome(request(otherCa)), 'AccessDeniedException');
});
