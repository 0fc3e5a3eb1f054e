/**
 * Input shapes shared by EventBridge operations, with the AWS model's
 * constraints (events 2015-10-07).
 */
import { t } from '../protocol/shape.ts';

/**
 * A model pattern that must match the whole value, while validation messages
 * quote it as the model writes it ("Member must satisfy regular expression
 * pattern: [\.\-_A-Za-z0-9]+"), exactly as EventBridge does.
 */
function modelPattern(source: string): RegExp {
  const whole = new RegExp(`^(?:${source})$`);
  const shown = new RegExp(source);
  shown.test = (value: string) => whole.test(value);
  return shown;
}

export const ruleName = () => t.string({ min: 1, max: 64, pattern: modelPattern('[\\.\\-_A-Za-z0-9]+') });

export const eventBusNameOrArn = () =>
  t.string({
    min: 1,
    max: 1600,
    pattern: modelPattern(
      '(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
    ),
  });

export const nonPartnerEventBusNameOrArn = () =>
  t.string({
    min: 1,
    max: 1600,
    pattern: modelPattern('(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+'),
  });

export const targetId = () => t.string({ min: 1, max: 64, pattern: modelPattern('[\\.\\-_A-Za-z0-9]+') });

export const nextToken = () => t.string({ min: 1, max: 2048 });

export const limitMax100 = () => t.integer({ min: 1, max: 100 });

export const eventPattern = () => t.string({ max: 4096 });

export const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;

export const roleArn = () => t.string({ min: 1, max: 1600 });

/**
 * A target as PutTargets takes it. Only the members the emulator models are
 * kept; other service-specific blocks (EcsParameters, KinesisParameters, ...)
 * are accepted and dropped, as unknown members are.
 */
export const target = () =>
  t.structure({
    Id: t.required(targetId()),
    Arn: t.required(t.string({ min: 1, max: 1600 })),
    RoleArn: roleArn(),
    Input: t.string({ max: 8192 }),
    InputPath: t.string({ max: 256 }),
    InputTransformer: t.structure({
      InputPathsMap: t.map(t.string({ max: 256 }), { max: 100 }),
      InputTemplate: t.required(t.string({ min: 1, max: 8192 })),
    }),
    SqsParameters: t.structure({ MessageGroupId: t.string({ max: 100 }) }),
    DeadLetterConfig: t.structure({ Arn: t.string({ min: 1, max: 1600 }) }),
    RetryPolicy: t.structure({
      MaximumRetryAttempts: t.integer({ min: 0, max: 185 }),
      MaximumEventAgeInSeconds: t.integer({ min: 60, max: 86400 }),
    }),
  });
