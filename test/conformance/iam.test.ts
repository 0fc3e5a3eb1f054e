/**
 * IAM enforcement through Debian's AWS CLI v2: a restricted access key is
 * allowed what its policy grants, denied the rest with AWS's
 * AccessDeniedException text (which the CLI prints verbatim), and any other
 * key stays unrestricted.
 */
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';

const ACCOUNT = '000000000000';

/** The CLI's error line; it adds "(reached max retries: N)" after the operation name. */
function cliError(operation: string, message: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^An error occurred \\(AccessDeniedException\\) when calling the ${operation} operation( \\(reached max retries: \\d+\\))?: ${escape(message)}$`,
  );
}

t.test('IAM with the AWS CLI', { skip: awsCliAvailable() ? false : 'AWS CLI v2 not installed' }, async (t) => {
  const local = await startTestAwsLocal(t, {
    iam: {
      principals: {
        AKIDAGENT: {
          roleName: 'colorteller-task',
          sessionName: 'agent',
          policies: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
                Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:pca-mtls/colorteller-??????`,
              },
              { Effect: 'Deny', Action: 'ecs:*', Resource: '*' },
            ],
          },
        },
      },
    },
  });
  const admin = (...args: string[]) => awsCli(local.url, args);
  const agent = (...args: string[]) => awsCli(local.url, args, { accessKeyId: 'AKIDAGENT' });
  const own = await admin('secretsmanager', 'create-secret', '--name', 'pca-mtls/colorteller', '--secret-string', 'v1');
  t.equal(own.exitCode, 0, own.stderr);
  const other = await admin(
    'secretsmanager',
    'create-secret',
    '--name',
    'pca-mtls/colorgateway',
    '--secret-string',
    'v2',
  );
  t.equal(other.exitCode, 0, other.stderr);

  const allowed = await agent('secretsmanager', 'get-secret-value', '--secret-id', 'pca-mtls/colorteller');
  t.equal(allowed.exitCode, 0, allowed.stderr);
  t.equal(allowed.json?.SecretString, 'v1');

  const denied = await agent('secretsmanager', 'get-secret-value', '--secret-id', 'pca-mtls/colorgateway');
  t.equal(denied.exitCode, 254, 'the CLI exits 254 on a service error');
  t.match(
    denied.stderr.trim(),
    cliError(
      'GetSecretValue',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/colorteller-task/agent is not authorized to perform: ` +
        `secretsmanager:GetSecretValue on resource: ${other.json.ARN} because no identity-based policy allows the ` +
        'secretsmanager:GetSecretValue action',
    ),
  );
  t.notMatch(denied.stderr, /v2/, 'no value leaks');

  const listed = await agent('secretsmanager', 'list-secrets');
  t.equal(listed.exitCode, 254);
  t.match(listed.stderr, 'is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy');

  const explicit = await agent('ecs', 'list-clusters');
  t.equal(explicit.exitCode, 254);
  t.match(
    explicit.stderr.trim(),
    cliError(
      'ListClusters',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/colorteller-task/agent is not authorized to perform: ` +
        'ecs:ListClusters with an explicit deny in an identity-based policy',
    ),
  );

  const unrestricted = await admin('ecs', 'list-clusters');
  t.equal(unrestricted.exitCode, 0, 'another key is unrestricted');

  const report = await local.control('GET', 'iam');
  const [entry] = report.body.principals;
  t.same(
    entry.denied.map((d: { action: string; explicit: boolean }) => [d.action, d.explicit]),
    [
      ['ecs:ListClusters', true],
      ['secretsmanager:GetSecretValue', false],
      ['secretsmanager:ListSecrets', false],
    ],
  );
});
