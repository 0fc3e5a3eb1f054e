/**
 * PutTargets' checks on what a target sends: at most one of Input,
 * InputPath and InputTransformer; Input is JSON; every placeholder of an
 * InputTemplate is defined. Any failure rejects the whole call.
 */
import { AwsError } from '../core/aws-error.ts';
import type { StoredTarget } from './state.ts';

/** Placeholders EventBridge defines itself in input templates. */
const PREDEFINED_PLACEHOLDERS = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

export function checkTargetInput(target: StoredTarget): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined);
  if (given.length > 1) {
    throw new AwsError(
      'ValidationException',
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`,
    );
  }
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      throw new AwsError('ValidationException', `JSON syntax error in input for target ${target.Id}`);
    }
  }
  if (target.InputTransformer) {
    const defined = new Set(Object.keys(target.InputTransformer.InputPathsMap ?? {}));
    for (const [, placeholder] of target.InputTransformer.InputTemplate.matchAll(/<([^<>\s]+)>/g)) {
      // The group is mandatory in the regex; the check only narrows the type.
      if (placeholder !== undefined && !defined.has(placeholder) && !PREDEFINED_PLACEHOLDERS.has(placeholder)) {
        throw new AwsError(
          'ValidationException',
          `InputTemplate for target ${target.Id} contains invalid placeholder ${placeholder}.`,
        );
      }
    }
  }
}
