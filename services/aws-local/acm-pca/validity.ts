/** Private CA's Validity structure (DAYS, MONTHS, YEARS, END_DATE, ABSOLUTE) as dates. */
import { AwsError } from '../core/aws-error.ts';

export interface Validity {
  Value: number;
  Type: 'END_DATE' | 'ABSOLUTE' | 'DAYS' | 'MONTHS' | 'YEARS';
}

/** By default Private CA backdates "Not Before" by 60 minutes for clock skew. */
export const NOT_BEFORE_BACKDATE_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The "Not After" instant `validity` describes for a certificate issued at `now`. */
export function notAfterOf(validity: Validity, now: Date): Date {
  switch (validity.Type) {
    case 'DAYS':
      return new Date(now.getTime() + validity.Value * DAY_MS);
    case 'MONTHS':
      return addUtc(now, 0, validity.Value);
    case 'YEARS':
      return addUtc(now, validity.Value, 0);
    case 'ABSOLUTE':
      return new Date(validity.Value * 1000);
    case 'END_DATE':
      return parseEndDate(validity.Value);
  }
}

/** ValidityNotBefore takes only ABSOLUTE (seconds since the epoch). */
export function notBeforeOf(validity: Validity | undefined, now: Date): Date {
  if (!validity) return new Date(now.getTime() - NOT_BEFORE_BACKDATE_MS);
  if (validity.Type !== 'ABSOLUTE') {
    throw new AwsError('InvalidArgsException', 'ValidityNotBefore must use the validity type ABSOLUTE.');
  }
  return new Date(validity.Value * 1000);
}

function addUtc(date: Date, years: number, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years, result.getUTCMonth() + months);
  return result;
}

/** END_DATE: UTCTime YYMMDDHHMMSS (YY >= 50 is 19YY) or GeneralizedTime YYYYMMDDHHMMSS. */
function parseEndDate(value: number): Date {
  const text = String(value);
  let year: number;
  let rest: string;
  if (text.length === 12) {
    const yy = Number(text.slice(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = text.slice(2);
  } else if (text.length === 14) {
    year = Number(text.slice(0, 4));
    rest = text.slice(4);
  } else {
    throw new AwsError(
      'InvalidArgsException',
      `The END_DATE validity value ${text} is not in YYMMDDHHMMSS or YYYYMMDDHHMMSS format.`,
    );
  }
  const field = (i: number) => Number(rest.slice(i, i + 2));
  const [month, day, hour, minute, second] = [field(0), field(2), field(4), field(6), field(8)];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new AwsError('InvalidArgsException', `The END_DATE validity value ${text} is not a valid date.`);
  }
  return date;
}
