/**
 * Input shapes several ECS operations share, from the ECS API model
 * (2014-11-13). ECS's model constrains very little (tags only); ECS checks the
 * rest itself and answers `ClientException`/`InvalidParameterException`, which
 * the operations do after the shape.
 */
import { t } from '../protocol/shape.ts';

const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

export const tagKeyShape = t.string({ min: 1, max: 128, pattern: TAG_PATTERN });

export const tagShape = t.structure({
  key: tagKeyShape,
  value: t.string({ min: 0, max: 256, pattern: TAG_PATTERN }),
});

export const tagsShape = t.list(tagShape, { min: 0, max: 50 });

export const stringList = t.list(t.string());

const keyValuePair = t.structure({ name: t.string(), value: t.string() });

export const capacityProviderStrategyShape = t.list(
  t.structure({
    capacityProvider: t.required(t.string()),
    weight: t.integer({ min: 0, max: 1000 }),
    base: t.integer({ min: 0, max: 100000 }),
  }),
);

export const deploymentConfigurationShape = t.structure({
  deploymentCircuitBreaker: t.structure({
    enable: t.required(t.boolean()),
    rollback: t.required(t.boolean()),
  }),
  maximumPercent: t.integer(),
  minimumHealthyPercent: t.integer(),
  alarms: t.structure({
    alarmNames: t.required(stringList),
    enable: t.required(t.boolean()),
    rollback: t.required(t.boolean()),
  }),
});

export const networkConfigurationShape = t.structure({
  awsvpcConfiguration: t.structure({
    subnets: t.required(stringList),
    securityGroups: stringList,
    assignPublicIp: t.string({ enum: ['ENABLED', 'DISABLED'] }),
  }),
});

export const launchTypeShape = t.string({ enum: ['EC2', 'FARGATE', 'EXTERNAL'] });

export const loadBalancersShape = t.list(
  t.structure({
    targetGroupArn: t.string(),
    loadBalancerName: t.string(),
    containerName: t.string(),
    containerPort: t.integer(),
  }),
);

export const serviceRegistriesShape = t.list(
  t.structure({ registryArn: t.string(), port: t.integer(), containerName: t.string(), containerPort: t.integer() }),
);

export const placementConstraintsShape = t.list(
  t.structure({ type: t.string({ enum: ['distinctInstance', 'memberOf'] }), expression: t.string() }),
);

export const placementStrategyShape = t.list(
  t.structure({ type: t.string({ enum: ['random', 'spread', 'binpack'] }), field: t.string() }),
);

export const propagateTagsShape = t.string({ enum: ['TASK_DEFINITION', 'SERVICE', 'NONE'] });

/**
 * The container fields a sidecar-based task uses (the agent + Envoy + app
 * pattern): image, ports, environment, secrets, dependencies, health check,
 * logging, limits. Members outside this list are dropped, as the emulator does
 * not run containers.
 */
export const containerDefinitionShape = t.structure({
  name: t.string(),
  image: t.string(),
  repositoryCredentials: t.structure({ credentialsParameter: t.required(t.string()) }),
  cpu: t.integer(),
  memory: t.integer(),
  memoryReservation: t.integer(),
  links: stringList,
  portMappings: t.list(
    t.structure({
      containerPort: t.integer(),
      hostPort: t.integer(),
      protocol: t.string({ enum: ['tcp', 'udp'] }),
      name: t.string(),
      appProtocol: t.string({ enum: ['http', 'http2', 'grpc'] }),
      containerPortRange: t.string(),
    }),
  ),
  essential: t.boolean(),
  entryPoint: stringList,
  command: stringList,
  environment: t.list(keyValuePair),
  environmentFiles: t.list(
    t.structure({ value: t.required(t.string()), type: t.required(t.string({ enum: ['s3'] })) }),
  ),
  mountPoints: t.list(t.structure({ sourceVolume: t.string(), containerPath: t.string(), readOnly: t.boolean() })),
  volumesFrom: t.list(t.structure({ sourceContainer: t.string(), readOnly: t.boolean() })),
  secrets: t.list(t.structure({ name: t.required(t.string()), valueFrom: t.required(t.string()) })),
  dependsOn: t.list(
    t.structure({
      containerName: t.required(t.string()),
      condition: t.required(t.string({ enum: ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'] })),
    }),
  ),
  startTimeout: t.integer(),
  stopTimeout: t.integer(),
  hostname: t.string(),
  user: t.string(),
  workingDirectory: t.string(),
  disableNetworking: t.boolean(),
  privileged: t.boolean(),
  readonlyRootFilesystem: t.boolean(),
  dnsServers: stringList,
  dockerLabels: t.map(t.string()),
  ulimits: t.list(
    t.structure({
      name: t.required(t.string()),
      softLimit: t.required(t.integer()),
      hardLimit: t.required(t.integer()),
    }),
  ),
  logConfiguration: t.structure({
    logDriver: t.required(t.string()),
    options: t.map(t.string()),
    secretOptions: t.list(t.structure({ name: t.required(t.string()), valueFrom: t.required(t.string()) })),
  }),
  healthCheck: t.structure({
    command: t.required(stringList),
    interval: t.integer(),
    timeout: t.integer(),
    retries: t.integer(),
    startPeriod: t.integer(),
  }),
  systemControls: t.list(t.structure({ namespace: t.string(), value: t.string() })),
  resourceRequirements: t.list(
    t.structure({
      value: t.required(t.string()),
      type: t.required(t.string({ enum: ['GPU', 'InferenceAccelerator'] })),
    }),
  ),
  firelensConfiguration: t.structure({
    type: t.required(t.string({ enum: ['fluentd', 'fluentbit'] })),
    options: t.map(t.string()),
  }),
});
