import t from 'tap';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PcaMtlsIdentity, type PcaMtlsIdentityProps } from '../../../infra/constructs/pca-mtls-identity.ts';
import { PcaMtlsTrustBundle } from '../../../infra/constructs/pca-mtls-trust-bundle.ts';
import { tempDir, templateOf, TEST_CA_ARN } from '../../helpers/cdk-synth.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(300_000);

const app = new App({ outdir: tempDir(t) });
const stack = new Stack(app, 'Identities');
const teller = new PcaMtlsIdentity(stack, 'Teller', {
  identity: 'colorteller',
  caArn: TEST_CA_ARN,
  domain: 'colorteller.mesh.local',
  subjectAlternativeNames: ['teller.mesh.local', 'colorteller'],
  role: 'server',
  ecsServices: ['mesh/colorteller', 'mesh/colorteller-canary'],
  rotation: 'redeploy',
  deleteSecretOnDelete: true,
});
new PcaMtlsIdentity(stack, 'Gateway', {
  identity: 'colorgateway',
  source: 'pca',
  caArn: TEST_CA_ARN,
  domain: 'colorgateway.mesh.local',
  role: 'client',
  validityDays: 7,
  secretName: 'team-a/colorgateway',
  exportFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:other-export',
});
new PcaMtlsTrustBundle(stack, 'Trust', { caArns: [TEST_CA_ARN] });
const template = Template.fromJSON(templateOf(app, stack).template);
const exportFunction = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':lambda:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':function:pca-mtls-export',
    ],
  ],
};

t.test("PcaMtlsIdentity: the export function's custom resource properties", async (t) => {
  template.hasResourceProperties('Custom::PcaMtlsIdentity', {
    ServiceToken: exportFunction,
    Identity: 'colorteller',
    Source: 'acm',
    CaArn: TEST_CA_ARN,
    Domain: 'colorteller.mesh.local',
    SubjectAlternativeNames: 'teller.mesh.local,colorteller',
    Role: 'server',
    SecretId: 'pca-mtls/colorteller',
    EcsServices: 'mesh/colorteller,mesh/colorteller-canary',
    Rotation: 'redeploy',
    KmsKeyId: 'alias/pca-mtls',
    DeleteSecretOnDelete: 'true',
  });
  template.hasResourceProperties('Custom::PcaMtlsIdentity', {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:other-export',
    Source: 'pca',
    ValidityDays: '7',
    SecretId: 'team-a/colorgateway',
    DeleteSecretOnDelete: Match.absent(),
  });
  t.equal(teller.secretName, 'pca-mtls/colorteller');
  t.match(JSON.stringify(stack.resolve(teller.secretArn)), /"SecretArn"/);
});

t.test('PcaMtlsTrustBundle: Kind TrustBundle with the CA list', async (t) => {
  template.hasResourceProperties('Custom::PcaMtlsTrustBundle', {
    ServiceToken: exportFunction,
    Kind: 'TrustBundle',
    CaArns: [TEST_CA_ARN],
    SecretId: 'pca-mtls/trust',
  });
  t.pass();
});

t.test("props are checked at synth by the export function's own parser, naming the prop", async (t) => {
  const base: PcaMtlsIdentityProps = { identity: 'a', caArn: TEST_CA_ARN, domain: 'a.mesh.local' };
  const cases: [Partial<PcaMtlsIdentityProps>, RegExp][] = [
    [{ identity: 'Not_Valid' }, /PcaMtlsIdentity: prop 'identity' must be 1-64 lowercase/],
    [{ caArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/x' }, /prop 'caArn' is not a Private CA ARN/],
    [{ domain: undefined }, /prop 'domain' is required/],
    [{ subjectAlternativeNames: ['bad name'] }, /prop 'domain' 'bad name' is not a DNS name/],
    [{ ecsServices: ['no-slash'] }, /prop 'ecsServices'/],
    [{ rotation: 'sometimes' as 'hot' }, /prop 'rotation'/],
  ];
  for (const [props, message] of cases) {
    const s = new Stack(new App({ outdir: tempDir(t) }), 'Bad');
    t.throws(() => new PcaMtlsIdentity(s, 'I', { ...base, ...props }), { code: 'INVALID_PROPS', message });
  }
  const s = new Stack(new App({ outdir: tempDir(t) }), 'Bad');
  t.throws(() => new PcaMtlsTrustBundle(s, 'T', { caArns: [] }), {
    code: 'INVALID_PROPS',
    message: /prop 'caArns' must list/,
  });
  t.throws(() => new PcaMtlsTrustBundle(s, 'U', { caArns: ['x'] }), { message: /prop 'caArns' has 'x'/ });
});
