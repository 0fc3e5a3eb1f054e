/**
 * What ECS keeps per region; plain JSON (timestamps are epoch ms of the shared
 * clock), persisted in the state file. Nothing here is derived from time:
 * rollout states, running counts and events are computed from the stored
 * timestamps when read (see `deployments.ts`), so they follow clock jumps and
 * survive restarts.
 */

/** ECS spells tags `{key, value}` in lower case. */
export interface EcsTag {
  key: string;
  value: string;
}

export interface ClusterRecord {
  clusterName: string;
  clusterArn: string;
  createdAt: number;
  settings: { name: string; value: string }[];
  configuration?: unknown;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: unknown[];
  serviceConnectDefaults?: unknown;
  tags: EcsTag[];
}

/** One revision of a task definition, stored as it is answered (minus tags). */
export interface TaskDefinitionRecord {
  family: string;
  revision: number;
  taskDefinitionArn: string;
  status: 'ACTIVE' | 'INACTIVE';
  registeredAt: number;
  deregisteredAt?: number;
  /** The request's members as validated (containerDefinitions with AWS's defaults filled in). */
  body: Record<string, unknown>;
  tags: EcsTag[];
}

/**
 * One deployment of a service. Its rollout state is not stored: it is
 * COMPLETED once `completesAt` has passed, unless a newer deployment replaced
 * it first (`supersededAt < completesAt`), in which case it never completes
 * and drains when a newer one completes.
 */
export interface DeploymentRecord {
  id: string;
  taskDefinition: string;
  desiredCount: number;
  createdAt: number;
  /** Last change made by a request (a scale of the PRIMARY deployment). */
  updatedAt: number;
  completesAt: number;
  supersededAt?: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: unknown;
  /** Set when an injected fault makes this rollout fail (ecs/deployments.ts); absent for a healthy one. */
  failure?: RolloutFailure;
  /** For a circuit breaker's rollback deployment (derived, never stored): the failed deployment's id. */
  rollbackOf?: string;
}

/**
 * How an injected rollout failure plays out, fixed when the deployment starts:
 * with the service's circuit breaker on, the rollout is FAILED at its
 * `completesAt`; with rollback on too, a rollback deployment to the last
 * completed task definition starts then and rolls out for `rolloutMs`.
 * Without the circuit breaker ECS keeps trying: IN_PROGRESS until replaced.
 */
export interface RolloutFailure {
  circuitBreaker: boolean;
  rollback?: { id: string; taskDefinition: string; rolloutMs: number };
}

export interface ServiceRecord {
  serviceName: string;
  serviceArn: string;
  clusterName: string;
  clusterArn: string;
  /** DeleteService sets this; the service is DRAINING until `inactiveAt`, then INACTIVE. */
  deletedAt?: number;
  inactiveAt?: number;
  desiredCount: number;
  taskDefinition: string;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  platformFamily?: string;
  deploymentConfiguration: Record<string, unknown>;
  networkConfiguration?: unknown;
  loadBalancers: unknown[];
  serviceRegistries: unknown[];
  placementConstraints: unknown[];
  placementStrategy: unknown[];
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: string;
  deploymentController: { type: string };
  enableECSManagedTags: boolean;
  propagateTags: string;
  enableExecuteCommand: boolean;
  clientToken?: string;
  createdAt: number;
  createdBy: string;
  /** Oldest first; the last one is the PRIMARY deployment. */
  deployments: DeploymentRecord[];
  tags: EcsTag[];
}

export interface EcsState {
  /** By cluster name. */
  clusters: Record<string, ClusterRecord>;
  /** By family, revisions in order (revision n at index n - 1). */
  taskDefinitions: Record<string, TaskDefinitionRecord[]>;
  /** By cluster name, then service name. */
  services: Record<string, Record<string, ServiceRecord>>;
}

export function initialEcsState(): EcsState {
  return { clusters: {}, taskDefinitions: {}, services: {} };
}
