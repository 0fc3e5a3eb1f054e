/**
 * EventBridge's schedule expressions, validated the way PutRule validates
 * them (anything else is "Parameter ScheduleExpression is not valid."):
 *
 * - `rate(N unit)`: N a positive integer; the unit is `minute|hour|day` when
 *   N is 1 and `minutes|hours|days` otherwise; no extra spaces, lower case.
 * - `cron(min hour day-of-month month day-of-week year)`: six fields; exactly
 *   one of day-of-month and day-of-week is `?`.
 *
 * The scheduler fires them on the shared clock (schedule-times.ts, scheduled-rules.ts).
 */

const RATE = /^rate\(([1-9]\d*) (minutes?|hours?|days?)\)$/;
const CRON = /^cron\((.*)\)$/;

interface FieldSpec {
  min: number;
  max: number;
  names?: readonly string[];
  /** Day-of-month and day-of-week may be `?` ("any"). */
  question?: boolean;
  /** Day-of-month: `L`, `LW`, `15W`. */
  lastAndWeekday?: boolean;
  /** Day-of-week: `6L` (last Friday), `SAT#3` (third Saturday). */
  lastAndNth?: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31, question: true, lastAndWeekday: true },
  { min: 1, max: 12, names: MONTHS },
  { min: 1, max: 7, names: DAYS, question: true, lastAndNth: true },
  { min: 1970, max: 2199 },
];

export function isValidScheduleExpression(expression: string): boolean {
  const [, count, unit] = RATE.exec(expression) ?? [];
  if (count !== undefined && unit !== undefined) {
    const singular = count === '1';
    return singular === !unit.endsWith('s');
  }
  const [, body] = CRON.exec(expression) ?? [];
  if (body === undefined) return false;
  const fields = body.split(' ');
  if (fields.length !== FIELDS.length) return false;
  const valid = fields.every((field, index) => {
    const spec = FIELDS[index]; // defined: the lengths are equal
    return spec !== undefined && validField(field, spec);
  });
  if (!valid) return false;
  // One of the two day fields must be `?`, and only one.
  return (fields[2] === '?') !== (fields[4] === '?');
}

function validField(field: string, spec: FieldSpec): boolean {
  if (field === '?') return spec.question === true;
  if (field === '*') return true;
  return field.split(',').every((item) => validItem(item, spec));
}

function validItem(item: string, spec: FieldSpec): boolean {
  if (spec.lastAndWeekday && (item === 'L' || item === 'LW')) return true;
  if (spec.lastAndWeekday && item.endsWith('W')) return value(item.slice(0, -1), spec) !== undefined;
  if (spec.lastAndNth && item.endsWith('L')) return item === 'L' || value(item.slice(0, -1), spec) !== undefined;
  if (spec.lastAndNth && item.includes('#')) {
    const [day = '', nth = ''] = item.split('#');
    return value(day, spec) !== undefined && /^[1-5]$/.test(nth);
  }
  const [range = '', step, ...rest] = item.split('/'); // split always yields a first element
  if (rest.length > 0) return false;
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return false;
  if (range === '*') return step !== undefined;
  const [from = '', to, ...more] = range.split('-');
  if (more.length > 0) return false;
  const low = value(from, spec);
  if (low === undefined) return false;
  if (to === undefined) return true;
  return value(to, spec) !== undefined;
}

/** A number (or month/day name) within the field's bounds, else undefined. */
function value(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}
