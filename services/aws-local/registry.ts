import { acmService } from './acm/index.js';
import { acmPcaService } from './acm-pca/index.js';
import { ecsService } from './ecs/index.js';
import { eventsService } from './events/index.js';
import type { ServiceDefinition } from './protocol/service.js';
import { secretsManagerService } from './secretsmanager/index.js';
import { sqsService } from './sqs/index.js';

/** Every emulated service, dispatched on its `X-Amz-Target` prefix. */
export const SERVICES: readonly ServiceDefinition[] = [
  acmService,
  acmPcaService,
  secretsManagerService,
  ecsService,
  eventsService,
  sqsService,
];
