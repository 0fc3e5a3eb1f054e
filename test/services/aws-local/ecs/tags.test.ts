import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';
import { nth } from '../../../helpers/present.ts';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';

t.test('TagResource, UntagResource and ListTagsForResource on clusters, services and task definitions', async (t) => {
  const local = await startTestAwsLocal(t);
  const ecs = new ECSClient(local.clientConfig);
  const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }))).cluster!.clusterArn!;
  const td = (
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'colorteller',
        containerDefinitions: [{ name: 'app', image: 'colorteller:1', memory: 128 }],
      }),
    )
  ).taskDefinition!.taskDefinitionArn!;
  const service = (
    await ecs.send(new CreateServiceCommand({ cluster: 'mesh', serviceName: 'colorteller', taskDefinition: td }))
  ).service!.serviceArn!;

  for (const arn of [cluster, service, td]) {
    await ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'pca-mtls:identity', value: 'colorteller' },
          { key: 'pca-mtls:ecs-services', value: 'mesh/colorteller mesh/colorgateway' },
        ],
      }),
    );
    await ecs.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'pca-mtls:identity', value: 'renamed' }] }),
    );
    const listed = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    t.same(
      listed.tags,
      [
        { key: 'pca-mtls:identity', value: 'renamed' },
        { key: 'pca-mtls:ecs-services', value: 'mesh/colorteller mesh/colorgateway' },
      ],
      `${arn}: a tag with an existing key replaces its value`,
    );
    await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['pca-mtls:identity', 'not-there'] }));
    const after = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    t.same(
      after.tags,
      [{ key: 'pca-mtls:ecs-services', value: 'mesh/colorteller mesh/colorgateway' }],
      `${arn}: untagged`,
    );
  }
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'], include: ['TAGS'] }),
  );
  t.same(nth(described.services, 0).tags, [
    { key: 'pca-mtls:ecs-services', value: 'mesh/colorteller mesh/colorgateway' },
  ]);
});

t.test('tagging errors', async (t) => {
  const local = await startTestAwsLocal(t);
  const ecs = new ECSClient(local.clientConfig);
  await ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  await t.rejects(ecs.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })), {
    name: 'InvalidParameterException',
    message: 'The ARN provided is invalid.',
  });
  await t.rejects(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}:cluster/nope` })), {
    name: 'ClusterNotFoundException',
    message: 'Cluster not found.',
  });
  await t.rejects(
    ecs.send(new TagResourceCommand({ resourceArn: `${ARN}:service/nope/svc`, tags: [{ key: 'a', value: 'b' }] })),
    {
      name: 'ClusterNotFoundException',
    },
  );
  await t.rejects(
    ecs.send(new TagResourceCommand({ resourceArn: `${ARN}:service/mesh/svc`, tags: [{ key: 'a', value: 'b' }] })),
    {
      name: 'ResourceNotFoundException',
    },
  );
  await t.rejects(
    ecs.send(new UntagResourceCommand({ resourceArn: `${ARN}:task-definition/none:1`, tagKeys: ['a'] })),
    {
      name: 'ResourceNotFoundException',
    },
  );
  await t.rejects(
    ecs.send(new TagResourceCommand({ resourceArn: `${ARN}:cluster/mesh`, tags: [{ key: '', value: 'b' }] })),
    {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    },
  );
  await t.rejects(
    ecs.send(new TagResourceCommand({ resourceArn: `${ARN}:cluster/mesh`, tags: [{ key: 'bad#key', value: 'b' }] })),
    { name: 'ValidationException', message: /Member must satisfy regular expression pattern: \^\(\[\\p\{L\}/ },
  );
  const many = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  await ecs.send(new TagResourceCommand({ resourceArn: `${ARN}:cluster/mesh`, tags: many }));
  await t.rejects(
    ecs.send(
      new TagResourceCommand({
        resourceArn: `${ARN}:cluster/mesh`,
        tags: many.map((tag) => ({ ...tag, key: `x${tag.key}` })),
      }),
    ),
    { name: 'InvalidParameterException' },
    'at most 50 tags per resource',
  );
});
