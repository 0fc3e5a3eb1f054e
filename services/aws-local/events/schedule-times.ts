/**
 * When a schedule rule fires, in UTC as EventBridge runs them:
 * - `rate(N unit)`: every N units from the rule's anchor (its creation);
 * - `cron(min hour dom month dow year)`: at each minute the six fields allow,
 *   with `*`, `?`, lists, ranges, `/` steps, names, `L`, `W`, `LW`, `nL` and `n#k`.
 * Expressions reaching here were validated by PutRule (schedule-expression.ts).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const UNIT_MS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: DAY_MS };
/** How far a cron search looks before giving up (a `cron(0 0 29 2 ? 2199)` kind of rule): eight years of days. */
const MAX_SEARCH_DAYS = 8 * 366;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface Schedule {
  /** The first fire time strictly after `afterMs`, or undefined if there is none. */
  nextAfter(afterMs: number): number | undefined;
  /** The last fire time at or before `atMs` and strictly after `afterMs`, or undefined. */
  latestBetween(afterMs: number, atMs: number): number | undefined;
}

export function parseSchedule(expression: string, anchorMs: number): Schedule | undefined {
  const [, count, unit] = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression) ?? [];
  if (count !== undefined && isRateUnit(unit)) return rateSchedule(Number(count) * UNIT_MS[unit], anchorMs);
  const [, body] = /^cron\((.*)\)$/.exec(expression) ?? [];
  if (body !== undefined) return cronSchedule(body.split(' '));
  return undefined;
}

function isRateUnit(unit: string | undefined): unit is keyof typeof UNIT_MS {
  return unit !== undefined && Object.hasOwn(UNIT_MS, unit);
}

function rateSchedule(periodMs: number, anchorMs: number): Schedule {
  // Fire times are anchor + k·period, k >= 1.
  const nextAfter = (afterMs: number) =>
    anchorMs + Math.max(1, Math.floor((afterMs - anchorMs) / periodMs) + 1) * periodMs;
  return {
    nextAfter,
    latestBetween(afterMs, atMs) {
      const k = Math.floor((atMs - anchorMs) / periodMs);
      const latest = anchorMs + k * periodMs;
      return k >= 1 && latest > afterMs ? latest : undefined;
    },
  };
}

type DayMatcher = (year: number, month: number, day: number) => boolean;

function cronSchedule(fields: string[]): Schedule {
  const [minuteField, hourField, domField, monthField, dowField, yearField] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const minutes = [...numberSet(minuteField, 0, 59)].sort((a, b) => a - b);
  const hours = [...numberSet(hourField, 0, 23)].sort((a, b) => a - b);
  const months = numberSet(monthField, 1, 12, MONTHS);
  const years = numberSet(yearField, 1970, 2199);
  const dayMatches: DayMatcher = domField === '?' ? dayOfWeekMatcher(dowField) : dayOfMonthMatcher(domField);
  const matchesDay = (dayStart: number) => {
    const date = new Date(dayStart);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    return years.has(year) && months.has(month) && dayMatches(year, month, date.getUTCDate());
  };
  return {
    nextAfter(afterMs) {
      const firstDay = Math.floor(afterMs / DAY_MS) * DAY_MS;
      for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
        const dayStart = firstDay + i * DAY_MS;
        if (!matchesDay(dayStart)) continue;
        for (const hour of hours) {
          for (const minute of minutes) {
            const at = dayStart + hour * 3_600_000 + minute * MINUTE_MS;
            if (at > afterMs) return at;
          }
        }
      }
      return undefined;
    },
    latestBetween(afterMs, atMs) {
      const lastDay = Math.floor(atMs / DAY_MS) * DAY_MS;
      for (
        let dayStart = lastDay;
        dayStart > afterMs - DAY_MS && lastDay - dayStart <= MAX_SEARCH_DAYS * DAY_MS;
        dayStart -= DAY_MS
      ) {
        if (!matchesDay(dayStart)) continue;
        for (const hour of hours.toReversed()) {
          for (const minute of minutes.toReversed()) {
            const at = dayStart + hour * 3_600_000 + minute * MINUTE_MS;
            if (at <= atMs) return at > afterMs ? at : undefined;
          }
        }
      }
      return undefined;
    },
  };
}

function value(text: string, names?: readonly string[]): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  return named >= 0 ? named + 1 : Number(text);
}

/** `*`, `?`, `5`, `1-5`, `*\/15`, `10/5`, `MON-FRI`, lists of those. */
function numberSet(field: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const set = new Set<number>();
  for (const item of field.split(',')) {
    const [range = '', stepText] = item.split('/'); // split always yields a first element
    const step = stepText ? Number(stepText) : 1;
    let low = min;
    let high = max;
    if (range !== '*' && range !== '?') {
      const [from = '', to] = range.split('-');
      low = value(from, names);
      // `10/5` runs from 10 to the end of the field.
      high = to !== undefined ? value(to, names) : stepText ? max : low;
    }
    for (let n = low; n <= high; n += step) set.add(n);
  }
  return set;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The weekday (Mon–Fri) nearest `day` within the month, as `15W` means. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const dow = weekday(year, month, target);
  if (dow === 6) return target === 1 ? 3 : target - 1;
  if (dow === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function dayOfMonthMatcher(field: string): DayMatcher {
  const items = field.split(',');
  const plain = numberSet(items.filter((i) => !/[LW]/.test(i)).join(',') || '0', 0, 31);
  return (year, month, day) =>
    items.some((item) => {
      if (item === 'L') return day === daysInMonth(year, month);
      if (item === 'LW') return day === nearestWeekday(year, month, daysInMonth(year, month));
      if (item.endsWith('W')) return day === nearestWeekday(year, month, Number(item.slice(0, -1)));
      return item === '*' || plain.has(day);
    });
}

function dayOfWeekMatcher(field: string): DayMatcher {
  const items = field.split(',');
  const plain = numberSet(items.filter((i) => !/[L#]/.test(i)).join(',') || '0', 0, 7, DAYS);
  return (year, month, day) => {
    const dow = weekday(year, month, day) + 1;
    return items.some((item) => {
      if (item === 'L') return dow === 7;
      if (item.endsWith('L')) return dow === value(item.slice(0, -1), DAYS) && day + 7 > daysInMonth(year, month);
      if (item.includes('#')) {
        const [d = '', nth] = item.split('#');
        return dow === value(d, DAYS) && Math.ceil(day / 7) === Number(nth);
      }
      return item === '*' || plain.has(dow);
    });
  };
}
