import { acmService } from './acm/index.ts';
import { acmPcaService } from './acm-pca/index.ts';
import { ecsService } from './ecs/index.ts';
import { eventsService } from './events/index.ts';
import type { ServiceDefinition } from './protocol/service.ts';
import { secretsManagerService } from './secretsmanager/index.ts';
import { sqsService } from './sqs/index.ts';

/** Every emulated service, dispatched on its `X-Amz-Target` prefix. */
export const SERVICES: readonly ServiceDefinition[] = [
  acmService,
  acmPcaService,
  secretsManagerService,
  ecsService,
  eventsService,
  sqsService,
];
