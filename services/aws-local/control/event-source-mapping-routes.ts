import type { FastifyInstance } from 'fastify';
import { EventSourceMappingConfigError } from '../event-source-mappings/config.ts';
import type { EventSourceMappings } from '../event-source-mappings/registry.ts';
import { CONTROL_PREFIX } from './prefix.ts';
import {
  createEventSourceMappingSchema,
  deleteEventSourceMappingSchema,
  getEventSourceMappingSchema,
  listEventSourceMappingsSchema,
} from './schemas.ts';

/**
 * SQS event source mappings over the control API: `POST` creates one
 * (Lambda's CreateEventSourceMapping fields), `GET` lists them with their
 * poller's counters, `DELETE …/UUID` stops and removes one. Answers are
 * serialized with the response schemas in schemas.ts.
 */
export function registerEventSourceMappingRoutes(app: FastifyInstance, mappings: EventSourceMappings): void {
  const path = `${CONTROL_PREFIX}/event-source-mappings`;

  app.get(path, { schema: listEventSourceMappingsSchema }, async () => ({ eventSourceMappings: mappings.list() }));

  app.post(path, { schema: createEventSourceMappingSchema }, async (request, reply) => {
    try {
      return await reply.code(201).send(mappings.create(request.body));
    } catch (err) {
      if (!(err instanceof EventSourceMappingConfigError)) throw err;
      return reply.code(400).send({ error: 'BadRequest', message: err.message });
    }
  });

  app.get(`${path}/:uuid`, { schema: getEventSourceMappingSchema }, async (request, reply) => {
    const found = mappings.get((request.params as { uuid: string }).uuid);
    return found ?? reply.code(404).send({ error: 'NotFound', message: 'no such event source mapping' });
  });

  app.delete(`${path}/:uuid`, { schema: deleteEventSourceMappingSchema }, async (request, reply) => {
    const uuid = (request.params as { uuid: string }).uuid;
    if (!mappings.delete(uuid))
      return reply.code(404).send({ error: 'NotFound', message: 'no such event source mapping' });
    return { deleted: uuid };
  });
}
