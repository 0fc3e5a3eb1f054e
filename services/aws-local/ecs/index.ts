import { defineService } from '../protocol/service.js';
import { ecsAuthorization } from './authorization.js';
import CreateCluster from './operations/CreateCluster.js';
import CreateService from './operations/CreateService.js';
import DeleteService from './operations/DeleteService.js';
import DeregisterTaskDefinition from './operations/DeregisterTaskDefinition.js';
import DescribeClusters from './operations/DescribeClusters.js';
import DescribeServices from './operations/DescribeServices.js';
import DescribeTaskDefinition from './operations/DescribeTaskDefinition.js';
import ListClusters from './operations/ListClusters.js';
import ListServices from './operations/ListServices.js';
import ListTagsForResource from './operations/ListTagsForResource.js';
import ListTaskDefinitions from './operations/ListTaskDefinitions.js';
import RegisterTaskDefinition from './operations/RegisterTaskDefinition.js';
import TagResource from './operations/TagResource.js';
import UntagResource from './operations/UntagResource.js';
import UpdateService from './operations/UpdateService.js';
import { initialEcsState, type EcsState } from './state.js';

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
