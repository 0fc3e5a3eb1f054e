import { defineService } from '../protocol/service.js';
import { initialEcsState, type EcsState } from './state.js';

/** Amazon ECS (control plane only: clusters, task definitions, services, deployments). */
export const ecsService = defineService<EcsState>({
  id: 'ecs',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  initialState: initialEcsState,
  operations: {},
});
