import { pino, type DestinationStream, type Logger } from 'pino';
import { PcaMtlsError } from './errors.ts';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/**
 * Field names that carry secret material anywhere in a log object. pino's
 * redaction matches exact paths, so each name is listed at the depths our
 * objects reach (`x`, `*.x`, `*.*.x`).
 */
const SECRET_FIELDS = [
  'passphrase',
  'Passphrase',
  'privateKey',
  'PrivateKey',
  'GatewayPrivateKey',
  'key',
  'keyPem',
  'password',
  'RandomPassword',
  'SecretString',
  'SecretBinary',
  'secretString',
  'secretJson',
];
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

export function parseLogLevel(value: string | undefined, setting = 'LOG_LEVEL'): LogLevel {
  if (value === undefined || value === '') return DEFAULT_LOG_LEVEL;
  const level = value.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new PcaMtlsError('BAD_LOG_LEVEL', `${setting} must be one of ${LOG_LEVELS.join(', ')}; got '${value}'`);
  }
  return level as LogLevel;
}

/**
 * The one root logger of a pca-mtls process: JSON lines, level from
 * `LOG_LEVEL` (trace … fatal, default info), secret-bearing fields censored.
 * Components take child loggers (`logger.child({ identity })`).
 */
export function createLogger(
  options: { name: string; level?: string; destination?: DestinationStream } = { name: 'pca-mtls' },
): Logger {
  const level = parseLogLevel(options.level ?? process.env.LOG_LEVEL);
  return pino(
    {
      name: options.name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { name: options.name },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger } from 'pino';
