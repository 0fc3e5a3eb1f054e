import { defineService } from '../protocol/service.ts';
import { ecsAuthorization } from './authorization.ts';
import CreateCluster from './operations/CreateCluster.ts';
import CreateService from './operations/CreateService.ts';
import DeleteService from './operations/DeleteService.ts';
import DeregisterTaskDefinition from './operations/DeregisterTaskDefinition.ts';
import DescribeClusters from './operations/DescribeClusters.ts';
import DescribeServices from './operations/DescribeServices.ts';
import DescribeTaskDefinition from './operations/DescribeTaskDefinition.ts';
import ListClusters from './operations/ListClusters.ts';
import ListServices from './operations/ListServices.ts';
import ListTagsForResource from './operations/ListTagsForResource.ts';
import ListTaskDefinitions from './operations/ListTaskDefinitions.ts';
import RegisterTaskDefinition from './operations/RegisterTaskDefinition.ts';
import TagResource from './operations/TagResource.ts';
import UntagResource from './operations/UntagResource.ts';
import UpdateService from './operations/UpdateService.ts';
import { initialEcsState, type EcsState } from './state.ts';

/** Amazon ECS (control plane only: clusters, task definitions, services, deployments; no containers run). */
export const ecsService = defineService<EcsState>({
  id: 'ecs',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  initialState: initialEcsState,
  authorization: ecsAuthorization,
  operations: {
    CreateCluster,
    DescribeClusters,
    ListClusters,
    RegisterTaskDefinition,
    DescribeTaskDefinition,
    ListTaskDefinitions,
    DeregisterTaskDefinition,
    CreateService,
    DescribeServices,
    ListServices,
    UpdateService,
    DeleteService,
    TagResource,
    UntagResource,
    ListTagsForResource,
  },
});
