import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  type Deployment,
  type ECSClient,
} from '@aws-sdk/client-ecs';

/**
 * The ECS side of the demo: a cluster and a service for an identity bound in
 * `redeploy` mode, so a renewal shows up as a new PRIMARY deployment.
 */
export async function createDemoService(ecs: ECSClient, clusterAndService: string): Promise<void> {
  const [cluster, service] = clusterAndService.split('/') as [string, string];
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: service,
      containerDefinitions: [
        { name: 'envoy', image: 'envoyproxy/envoy:v1.33-latest', essential: true, memory: 128 },
        { name: service, image: `${service}:latest`, essential: true, memory: 256 },
      ],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      desiredCount: 2,
    }),
  );
}

export async function deploymentsOf(ecs: ECSClient, clusterAndService: string): Promise<Deployment[]> {
  const [cluster, service] = clusterAndService.split('/') as [string, string];
  const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return described.services?.[0]?.deployments ?? [];
}
