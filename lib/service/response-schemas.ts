/**
 * Response schemas the demo services share. fastify serializes through them,
 * so a field that is not listed here never leaves the service.
 */
export const errorResponseSchema = {
  type: 'object',
  required: ['error', 'message'],
  additionalProperties: false,
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** `GET /healthz`: up, its mode, and the certificate it serves (serial, subject, expiry). */
export const healthRouteSchema = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'mode'],
      additionalProperties: false,
      properties: {
        status: { type: 'string' },
        mode: { type: 'string' },
        certificate: {
          type: 'object',
          additionalProperties: false,
          properties: { serial: { type: 'string' }, subject: { type: 'string' }, notAfter: { type: 'string' } },
        },
      },
    },
  },
} as const;
