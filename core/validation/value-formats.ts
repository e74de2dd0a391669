/** The value formats IMAGE checks (the original validator's misc.py patterns), compiled once. */

// Scheme optional, so "www.ebi.ac.uk" passes; ':' and '@' in the class let "mailto:x@y.org" pass too.
const URL_PATTERN = /^((http|ftp)s?:\/\/)?(www\.)?[-a-zA-Z0-9@:%._+~#=]{2,256}\.[a-z]{2,6}\b([-a-zA-Z0-9@:%_+.~#?&/=]*)$/;
const EMAIL_PATTERN = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const DOI_PREFIX = /^(doi:)?10\.\d{4,}(\.\d+)*$/i;

export function isUrl(value: string): boolean {
  return URL_PATTERN.test(value);
}

/** A bare e-mail address (no mailto:). */
export function isEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value.toLowerCase());
}

/** `mailto:` followed by a valid address. */
export function isMailto(value: string): boolean {
  return value.startsWith('mailto:') && isEmail(value.slice(7));
}

/** "10.1139/o09-005" or "doi:10.1139/o09-005": a registrant prefix, one slash, a suffix. */
export function isDoi(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1 || value.indexOf('/', slash + 1) !== -1) return false;
  return DOI_PREFIX.test(value.slice(0, slash));
}

export type DateProblem = 'format' | 'not_a_date';

const DATE_SHAPES: Record<string, RegExp> = {
  'YYYY-MM-DD': /^(\d{4})-(\d{2})-(\d{2})$/,
  'YYYY-MM': /^(\d{4})-(\d{2})$/,
  YYYY: /^(\d{4})$/,
};

export const DATE_FORMATS = Object.keys(DATE_SHAPES);

/** The date format a value is written in, or null when it has none of IMAGE's shapes. */
export function dateFormatOf(value: string): string | null {
  for (const [format, shape] of Object.entries(DATE_SHAPES)) if (shape.test(value)) return format;
  return null;
}

/** Whether `value` is written as `format` and is a real calendar date (no 2019-02-30). */
export function checkDate(value: string, format: string): DateProblem | null {
  const shape = DATE_SHAPES[format];
  const m = shape?.exec(value);
  if (!m) return 'format';
  const year = Number(m[1]);
  if (year < 1) return 'not_a_date';
  if (m[2] === undefined) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return 'not_a_date';
  if (m[3] === undefined) return null;
  const day = Number(m[3]);
  return day >= 1 && day <= daysInMonth(year, month) ? null : 'not_a_date';
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
