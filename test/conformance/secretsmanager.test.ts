/**
 * Secrets Manager through Debian's AWS CLI v2 (2.9.19): proves aws-local
 * speaks the wire the real CLI speaks. BatchGetSecretValue and ListSecrets
 * SortBy are newer than this CLI; the SDK tests cover them.
 */
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';

const TOKEN_1 = '11111111-2222-3333-4444-555555555555';
const TOKEN_2 = '66666666-7777-8888-9999-000000000000';

t.test(
  'Secrets Manager with the AWS CLI',
  { skip: awsCliAvailable() ? false : 'AWS CLI v2 not installed' },
  async (t) => {
    const local = await startTestAwsLocal(t);
    const sm = (...args: string[]) => awsCli(local.url, ['secretsmanager', ...args]);
    const ok = async (...args: string[]) => {
      const result = await sm(...args);
      t.equal(result.exitCode, 0, `aws secretsmanager ${args[0]} exits 0 ${result.stderr}`);
      return result.json;
    };

    const created = await ok(
      'create-secret',
      '--name',
      'pca-mtls/colorteller',
      '--secret-string',
      '{"schema":"pca-mtls/v1","serial":"01"}',
      '--client-request-token',
      TOKEN_1,
      '--description',
      'colorteller identity',
      '--tags',
      'Key=pca-mtls:identity,Value=colorteller',
    );
    t.match(created.ARN, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-[A-Za-z0-9]{6}$/);
    t.equal(created.VersionId, TOKEN_1);
    await ok('create-secret', '--name', 'other', '--secret-string', 'x', '--tags', 'Key=team,Value=payments');

    const value = await ok('get-secret-value', '--secret-id', 'pca-mtls/colorteller');
    t.equal(value.SecretString, '{"schema":"pca-mtls/v1","serial":"01"}');
    t.same(value.VersionStages, ['AWSCURRENT']);
    t.equal(typeof value.CreatedDate, 'string', 'the CLI parsed the timestamp');

    const put = await ok(
      'put-secret-value',
      '--secret-id',
      created.ARN,
      '--secret-string',
      '{"schema":"pca-mtls/v1","serial":"02"}',
      '--client-request-token',
      TOKEN_2,
    );
    t.equal(put.VersionId, TOKEN_2);
    t.same(put.VersionStages, ['AWSCURRENT']);
    const retry = await ok(
      'put-secret-value',
      '--secret-id',
      created.ARN,
      '--secret-string',
      '{"schema":"pca-mtls/v1","serial":"02"}',
      '--client-request-token',
      TOKEN_2,
    );
    t.equal(retry.VersionId, TOKEN_2, 'same token, same value: idempotent');
    const previous = await ok(
      'get-secret-value',
      '--secret-id',
      'pca-mtls/colorteller',
      '--version-stage',
      'AWSPREVIOUS',
    );
    t.equal(previous.VersionId, TOKEN_1);

    const listed = await ok('list-secrets', '--filters', 'Key=tag-key,Values=pca-mtls:identity');
    t.same(
      listed.SecretList.map((s: any) => s.Name),
      ['pca-mtls/colorteller'],
    );
    const byValue = await ok('list-secrets', '--filters', 'Key=tag-value,Values=payments', 'Key=name,Values=oth');
    t.same(
      byValue.SecretList.map((s: any) => s.Name),
      ['other'],
    );

    const described = await ok('describe-secret', '--secret-id', 'pca-mtls/colorteller');
    t.equal(described.Description, 'colorteller identity');
    t.same(described.VersionIdsToStages, { [TOKEN_1]: ['AWSPREVIOUS'], [TOKEN_2]: ['AWSCURRENT'] });
    t.same(described.Tags, [{ Key: 'pca-mtls:identity', Value: 'colorteller' }]);

    await ok(
      'update-secret-version-stage',
      '--secret-id',
      'pca-mtls/colorteller',
      '--version-stage',
      'AWSCURRENT',
      '--move-to-version-id',
      TOKEN_1,
      '--remove-from-version-id',
      TOKEN_2,
    );
    const versions = await ok('list-secret-version-ids', '--secret-id', 'pca-mtls/colorteller');
    t.same(Object.fromEntries(versions.Versions.map((v: any) => [v.VersionId, v.VersionStages])), {
      [TOKEN_1]: ['AWSCURRENT'],
      [TOKEN_2]: ['AWSPREVIOUS'],
    });

    await ok(
      'tag-resource',
      '--secret-id',
      'pca-mtls/colorteller',
      '--tags',
      'Key=pca-mtls:ecs-services,Value=demo/colorteller',
    );
    const tagged = await ok('list-secrets', '--filters', 'Key=tag-key,Values=pca-mtls:ecs-services');
    t.equal(tagged.SecretList.length, 1);

    const deleted = await ok('delete-secret', '--secret-id', 'other', '--recovery-window-in-days', '7');
    t.equal(deleted.Name, 'other');
    t.equal(typeof deleted.DeletionDate, 'string');
    t.same(
      (await ok('list-secrets')).SecretList.map((s: any) => s.Name),
      ['pca-mtls/colorteller'],
    );
    await ok('restore-secret', '--secret-id', 'other');
    t.equal((await ok('get-secret-value', '--secret-id', 'other')).SecretString, 'x');

    const password = await ok('get-random-password', '--password-length', '48', '--exclude-characters', '#$%');
    t.equal(password.RandomPassword.length, 48);
    t.notMatch(password.RandomPassword, /[#$%]/);

    // Errors: exit code 254 (a service error) with AWS's name and message on stderr.
    const missing = await sm('get-secret-value', '--secret-id', 'no/such/secret');
    t.equal(missing.exitCode, 254);
    // The CLI inserts "(reached max retries: N)" before the colon.
    t.match(
      missing.stderr,
      /An error occurred \(ResourceNotFoundException\) when calling the GetSecretValue operation(?: \(reached max retries: \d+\))?: Secrets Manager can't find the specified secret\./,
    );
    const conflict = await sm(
      'put-secret-value',
      '--secret-id',
      'pca-mtls/colorteller',
      '--secret-string',
      'hunter2',
      '--client-request-token',
      TOKEN_2,
    );
    t.equal(conflict.exitCode, 254);
    t.match(conflict.stderr, '(ResourceExistsException) when calling the PutSecretValue operation');
    t.notMatch(conflict.stderr, /hunter2/, 'the value is not echoed');
    const tooShort = await sm('get-random-password', '--password-length', '2');
    t.equal(tooShort.exitCode, 254);
    t.match(tooShort.stderr, 'InvalidParameterException');
  },
);
