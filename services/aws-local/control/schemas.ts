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
    },
    required: ['service'],
    additionalProperties: false,
  },
  response: { 201: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, 400: problem },
} as const;

export const listSchema = (key: string) =>
  ({ response: { 200: { type: 'object', properties: { [key]: { type: 'array', items: anyObject } } } } }) as const;

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
    properties: { timeoutMs: { type: 'number', minimum: 0, maximum: MAX_SETTLE_TIMEOUT_MS } },
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
