import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { taskDefinitionArn } from '../arns.ts';
import { ecsErrors } from '../errors.ts';
import { containerDefinitionShape, tagsShape } from '../shapes.ts';
import type { EcsState, EcsTag, TaskDefinitionRecord } from '../state.ts';
import { taskDefinitionView } from '../task-definitions.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;

type Container = Record<string, any> & { name?: string; image?: string };

interface RegisterInput {
  family: string;
  containerDefinitions: Container[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode?: string;
  requiresCompatibilities?: string[];
  cpu?: string;
  memory?: string;
  tags?: EcsTag[];
  [member: string]: unknown;
}

/**
 * Registers the next revision of a family (revisions count up per family and
 * are never reused, even after deregistration). Checks what ECS checks before
 * accepting a definition: container names and images, memory for EC2, the
 * Fargate requirements, and an execution role for container secrets.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({
    family: t.required(t.string()),
    taskRoleArn: t.string(),
    executionRoleArn: t.string(),
    networkMode: t.string({ enum: ['bridge', 'host', 'awsvpc', 'none'] }),
    containerDefinitions: t.required(t.list(containerDefinitionShape)),
    volumes: t.list(t.structure({ name: t.string(), host: t.structure({ sourcePath: t.string() }) })),
    placementConstraints: t.list(t.structure({ type: t.string({ enum: ['memberOf'] }), expression: t.string() })),
    requiresCompatibilities: t.list(t.string({ enum: ['EC2', 'FARGATE', 'EXTERNAL'] })),
    cpu: t.string(),
    memory: t.string(),
    tags: tagsShape,
    pidMode: t.string({ enum: ['host', 'task'] }),
    ipcMode: t.string({ enum: ['host', 'task', 'none'] }),
    ephemeralStorage: t.structure({ sizeInGiB: t.required(t.integer()) }),
    runtimePlatform: t.structure({
      cpuArchitecture: t.string({ enum: ['X86_64', 'ARM64'] }),
      operatingSystemFamily: t.string(),
    }),
  }),
  handle(input: RegisterInput, ctx) {
    validate(input);
    const { family, tags, ...members } = input;
    const revisions = ownEntry(ctx.state.taskDefinitions, family) ?? setOwnEntry(ctx.state.taskDefinitions, family, []);
    const revision = revisions.length + 1;
    const record: TaskDefinitionRecord = {
      family,
      revision,
      taskDefinitionArn: taskDefinitionArn(ctx, family, revision),
      status: 'ACTIVE',
      registeredAt: ctx.nowMs(),
      body: {
        ...members,
        containerDefinitions: input.containerDefinitions.map((container) => withDefaults(container, input.networkMode)),
        volumes: input.volumes ?? [],
        placementConstraints: input.placementConstraints ?? [],
        compatibilities: compatibilities(input),
      },
      tags: (tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' })),
    };
    revisions.push(record);
    return { taskDefinition: taskDefinitionView(ctx, record), tags: record.tags };
  },
});

function validate(input: RegisterInput): void {
  if (!FAMILY.test(input.family)) {
    throw ecsErrors.client(
      'Family must be 1-255 characters long and contain only letters, numbers, hyphens, and underscores.',
    );
  }
  const containers = input.containerDefinitions;
  if (containers.length === 0) throw ecsErrors.client('Container list cannot be empty.');
  const names = new Set<string>();
  for (const container of containers) {
    if (!container.name) throw ecsErrors.client('Container.name should not be null or empty.');
    if (!container.image) throw ecsErrors.client('Container.image should not be null or empty.');
    if (names.has(container.name)) throw ecsErrors.client(`Duplicate container name: ${container.name}.`);
    names.add(container.name);
  }
  for (const container of containers) {
    for (const dependency of container.dependsOn ?? []) {
      if (!names.has(dependency.containerName)) {
        throw ecsErrors.client(
          `Container '${container.name}' depends on container '${dependency.containerName}', which is not defined in the task definition.`,
        );
      }
    }
  }
  const usesSecrets = containers.some((c) => c.secrets?.length || c.logConfiguration?.secretOptions?.length);
  if (usesSecrets && !input.executionRoleArn) {
    throw ecsErrors.client(
      "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
    );
  }
  const compatibilities = input.requiresCompatibilities ?? [];
  if (compatibilities.includes('FARGATE')) {
    if (input.networkMode !== 'awsvpc') throw ecsErrors.client('Fargate only supports network mode ‘awsvpc’.');
    if (!input.cpu) throw ecsErrors.client("Fargate requires that 'cpu' be defined at the task level.");
    if (!input.memory) throw ecsErrors.client("Fargate requires that 'memory' be defined at the task level.");
  }
  // On EC2 (the default) each container reserves memory unless the task does.
  if ((compatibilities.length === 0 || compatibilities.includes('EC2')) && !input.memory) {
    for (const container of containers) {
      if (container.memory === undefined && container.memoryReservation === undefined) {
        throw ecsErrors.client(
          `Invalid setting for container '${container.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
        );
      }
    }
  }
}

/** What ECS fills in on every container definition it answers. */
function withDefaults(container: Container, networkMode: string | undefined): Container {
  const hostPortFollows = networkMode === 'awsvpc' || networkMode === 'host';
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings: (container.portMappings ?? []).map((mapping: Record<string, unknown>) => ({
      ...mapping,
      hostPort: mapping.hostPort ?? (hostPortFollows ? mapping.containerPort : undefined),
      protocol: mapping.protocol ?? 'tcp',
    })),
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
  };
}

/** The launch types the definition can run on: EC2 always, Fargate when it meets Fargate's needs. */
function compatibilities(input: RegisterInput): string[] {
  const result = ['EC2'];
  if (input.networkMode === 'awsvpc' && input.cpu && input.memory) result.push('FARGATE');
  if (input.requiresCompatibilities?.includes('EXTERNAL')) result.push('EXTERNAL');
  return result;
}
