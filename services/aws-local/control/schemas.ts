/**
 * JSON schemas of the control API: fastify validates bodies and query strings
 * against them before a handler runs (a 400 naming the member otherwise) and
 * serializes answers with the response schemas.
 */

/** Longest a `POST settle` may wait. */
export const MAX_SETTLE_TIMEOUT_MS = 300_000;
/** Most copies one `POST events/redeliver` adds. */
export const MAX_REDELIVERIES = 100;

const anyObject = { type: 'object', additionalProperties: true } as const;
const problem = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;
const clockView = {
  type: 'object',
  properties: { now: { type: 'string' }, offsetSeconds: { type: 'number' } },
  required: ['now', 'offsetSeconds'],
} as const;

export const healthSchema = {
  response: {
    200: {
      type: 'object',
      properties: {
        status: { type: 'string' },
        services: { type: 'array', items: { type: 'string' } },
        now: { type: 'string' },
        persistent: { type: 'boolean' },
      },
      required: ['status', 'services', 'now', 'persistent'],
    },
  },
} as const;

export const getClockSchema = { response: { 200: clockView } } as const;

export const postClockSchema = {
  body: {
    type: 'object',
    properties: { advanceSeconds: { type: 'number', minimum: 0 }, now: { type: 'string', minLength: 1 } },
    additionalProperties: false,
  },
  response: { 200: clockView, 400: problem },
} as const;

export const postFaultSchema = {
  body: {
    type: 'object',
    properties: {
      service: { type: 'string', minLength: 1 },
      operation: { type: 'string', minLength: 1 },
      error: { type: 'string', minLength: 1 },
      rate: { type: 'number', minimum: 0, maximum: 1 },
      count: { type: 'integer', minimum: 1 },
      latencyMs: { type: 'number', minimum: 0, maximum: 60_000 },
      effect: { type: 'string', minLength: 1 },
    },
    required: ['service'],
    additionalProperties: false,
  },
  response: { 201: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, 400: problem },
} as const;

export const listSchema = (key: string) =>
  ({ response: { 200: { type: 'object', properties: { [key]: { type: 'array', items: anyObject } } } } }) as const;

/** One object for both fault routes: compiled serializers are cached per schema object (route-compilers.ts). */
export const faultsListSchema = listSchema('faults');

export const functionsSchema = {
  response: { 200: { type: 'object', properties: { functions: { type: 'array', items: { type: 'string' } } } } },
} as const;

export const resetSchema = {
  response: { 200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } },
} as const;

export const redeliverSchema = {
  body: {
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1 },
      times: { type: 'integer', minimum: 1, maximum: MAX_REDELIVERIES },
    },
    required: ['id'],
    additionalProperties: false,
  },
  response: {
    202: {
      type: 'object',
      properties: { id: { type: 'string' }, deliveriesAdded: { type: 'integer' } },
      required: ['id', 'deliveriesAdded'],
    },
    400: problem,
    404: problem,
  },
} as const;

export const settleSchema = {
  body: {
    type: 'object',
    properties: {
      timeoutMs: { type: 'number', minimum: 0, maximum: MAX_SETTLE_TIMEOUT_MS },
      endBatchingWindows: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  response: { 200: anyObject, 504: anyObject, 400: problem },
} as const;

export const eventsQuerySchema = {
  querystring: {
    type: 'object',
    properties: {
      source: { type: 'string' },
      detailType: { type: 'string' },
      resource: { type: 'string' },
      limit: { type: 'string', pattern: '^[0-9]{1,6}$' },
    },
    additionalProperties: false,
  },
  response: listSchema('events').response,
} as const;

export const requestsQuerySchema = {
  querystring: {
    type: 'object',
    properties: {
      service: { type: 'string' },
      operation: { type: 'string' },
      limit: { type: 'string', pattern: '^[0-9]{1,6}$' },
    },
    additionalProperties: false,
  },
  response: listSchema('requests').response,
} as const;

const quotaRule = {
  type: 'object',
  properties: {
    service: { type: 'string' },
    operation: { type: 'string' },
    requestsPerSecond: { type: 'number' },
    bucket: { type: 'string' },
  },
  required: ['service', 'operation', 'requestsPerSecond'],
} as const;

export const quotasSchema = {
  response: {
    200: { type: 'object', properties: { quotas: { type: 'array', items: quotaRule } }, required: ['quotas'] },
  },
} as const;

const tallied = {
  action: { type: 'string' },
  resource: { type: 'string' },
  count: { type: 'integer' },
} as const;

/** `GET iam`: per restricted principal, the (action, resource) pairs allowed and denied so far. */
export const iamReportSchema = {
  response: {
    200: {
      type: 'object',
      properties: {
        enforced: { type: 'boolean' },
        principals: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              accessKeyId: { type: 'string' },
              principalArn: { type: 'string' },
              roleArn: { type: 'string' },
              allowed: {
                type: 'array',
                items: { type: 'object', properties: tallied, required: ['action', 'resource', 'count'] },
              },
              denied: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { ...tallied, explicit: { type: 'boolean' }, error: { type: 'string' } },
                  required: ['action', 'resource', 'count', 'explicit'],
                },
              },
            },
            required: ['accessKeyId', 'principalArn', 'roleArn', 'allowed', 'denied'],
          },
        },
      },
      required: ['enforced', 'principals'],
    },
  },
} as const;

/** One event source mapping: Lambda's fields and its poller's counters (event-source-mappings/registry.ts). */
const eventSourceMapping = {
  type: 'object',
  properties: {
    UUID: { type: 'string' },
    EventSourceArn: { type: 'string' },
    FunctionArn: { type: 'string' },
    BatchSize: { type: 'integer' },
    MaximumBatchingWindowInSeconds: { type: 'integer' },
    ScalingConfig: {
      type: 'object',
      properties: { MaximumConcurrency: { type: 'integer' } },
      required: ['MaximumConcurrency'],
    },
    FunctionResponseTypes: { type: 'array', items: { type: 'string', enum: ['ReportBatchItemFailures'] } },
    State: { type: 'string', enum: ['Enabled', 'Disabled'] },
    stats: {
      type: 'object',
      properties: {
        invocations: { type: 'integer' },
        failedInvocations: { type: 'integer' },
        messagesDeleted: { type: 'integer' },
        inFlight: { type: 'integer' },
        peakConcurrency: { type: 'integer' },
        lastError: { type: 'string' },
      },
      required: ['invocations', 'failedInvocations', 'messagesDeleted', 'inFlight', 'peakConcurrency'],
    },
  },
  required: [
    'UUID',
    'EventSourceArn',
    'FunctionArn',
    'BatchSize',
    'MaximumBatchingWindowInSeconds',
    'ScalingConfig',
    'FunctionResponseTypes',
    'State',
    'stats',
  ],
} as const;

export const listEventSourceMappingsSchema = {
  response: {
    200: {
      type: 'object',
      properties: { eventSourceMappings: { type: 'array', items: eventSourceMapping } },
      required: ['eventSourceMappings'],
    },
  },
} as const;

export const createEventSourceMappingSchema = { response: { 201: eventSourceMapping, 400: problem } } as const;

export const getEventSourceMappingSchema = { response: { 200: eventSourceMapping, 404: problem } } as const;

export const deleteEventSourceMappingSchema = {
  response: {
    200: { type: 'object', properties: { deleted: { type: 'string' } }, required: ['deleted'] },
    404: problem,
  },
} as const;
