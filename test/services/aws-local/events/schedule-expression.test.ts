import t from 'tap';
import { isValidScheduleExpression } from '../../../../services/aws-local/events/schedule-expression.ts';

// Valid and invalid forms from EventBridge's schedule expression docs and what PutRule answers.
const VALID = [
  'rate(1 minute)',
  'rate(5 minutes)',
  'rate(1 hour)',
  'rate(12 hours)',
  'rate(1 day)',
  'rate(7 days)',
  'cron(0 2 ? * SAT *)',
  'cron(0 12 * * ? *)',
  'cron(5,35 14 * * ? *)',
  'cron(15 10 ? * 6L 2002-2005)',
  'cron(0 2 ? * SAT#3 *)',
  'cron(0/5 5 ? JAN 1-5 2022)',
  'cron(0/30 20-23 ? * MON-FRI *)',
  'cron(0 8 L * ? *)',
  'cron(0 8 15W * ? *)',
  'cron(*/10 * * * ? *)',
];
const INVALID = [
  'rate(10 seconds)',
  'rate(10 years)',
  'rate(1 minutes)',
  'rate(10 minute)',
  'rate()',
  'rate(10)',
  'rate(foo minutes)',
  'rate(0 minutes)',
  'rate(-10 minutes)',
  'rate(10 MINUTES)',
  'rate( 10 minutes )',
  ' rate(10 minutes)',
  'cron(0 1 * * * *)',
  'cron(0 1 ? * ? *)',
  'cron(7 20 * * NOT *)',
  'cron(INVALID)',
  'cron(0 dummy ? * MON-FRI *)',
  'cron(71 8 1 * ? *)',
  'cron(0 24 * * ? *)',
  'cron(0 8 1 13 ? *)',
  'cron(0 8 1 * ? 2300)',
  'cron(0 8 * * ?)',
  'at(2030-01-01T00:00:00)',
];

t.test('valid schedule expressions', async (t) => {
  for (const expression of VALID) t.ok(isValidScheduleExpression(expression), expression);
});

t.test('invalid schedule expressions', async (t) => {
  for (const expression of INVALID) t.notOk(isValidScheduleExpression(expression), expression);
});
