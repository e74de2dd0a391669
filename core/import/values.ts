/**
 * Values as curators write them in any of the three formats: partial dates, quantities of time,
 * numbers typed as text, BioSamples accessions. Every parser returns `undefined` for a value it
 * cannot read, so the caller names the sheet, row and column in the problem it reports.
 */
import { TIME_UNITS, type TimeUnit } from '../db/entities/enums.js';

const ISO_PARTIAL = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const QUANTITY_TEXT = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;
const ACCESSION = /^SAM(?:N|D|E[AG]?)\d+$/;

export const DATE_FORMATS = 'YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month?: number, day?: number): string | undefined {
  if (year < 1000 || year > 9999) return undefined;
  if (month === undefined) return String(year);
  if (month < 1 || month > 12) return undefined;
  if (day === undefined) return `${year}-${pad2(month)}`;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Text dates: YYYY-MM-DD, YYYY-MM, YYYY, DD/MM/YYYY (or DD.MM.YYYY) and ISO date-times → ISO, possibly partial. */
export function parseDateText(text: string): string | undefined {
  let m = ISO_PARTIAL.exec(text);
  if (m) return isoDate(+m[1], m[2] === undefined ? undefined : +m[2], m[3] === undefined ? undefined : +m[3]);
  m = ISO_DATE_TIME.exec(text);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = DAY_MONTH_YEAR.exec(text);
  if (m) return isoDate(+m[3], +m[2], +m[1]);
  return undefined;
}

const DAY_MS = 86_400_000;
const EXCEL_1900_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH = Date.UTC(1904, 0, 1);

/**
 * An Excel date serial → YYYY-MM-DD. The streaming reader ignores styles, so a date cell arrives as
 * its serial number. A whole number from 1900 to 2100 is read as a year: a curator typing "1999" in
 * a General cell means the year, not 21 June 1905.
 */
export function excelSerialDate(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 1) return undefined;
  if (Number.isInteger(serial) && serial >= 1900 && serial <= 2100) return String(serial);
  const days = Math.floor(serial);
  if (!date1904 && days === 60) return undefined; // 29 February 1900, which Excel invents
  const epoch = date1904 ? EXCEL_1904_EPOCH : days < 60 ? EXCEL_1900_EPOCH + DAY_MS : EXCEL_1900_EPOCH;
  const date = new Date(epoch + days * DAY_MS);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function dateObjectToIso(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** "45.2", "-3", "1e3" → number; "45,2" and anything else → undefined. */
export function parseNumberText(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const UNIT_WORDS: Record<string, TimeUnit> = {};
for (const unit of TIME_UNITS) {
  UNIT_WORDS[unit] = unit;
  UNIT_WORDS[unit.slice(0, -1)] = unit;
}
Object.assign(UNIT_WORDS, {
  min: 'minutes', mins: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours',
  d: 'days',
  w: 'weeks', wk: 'weeks', wks: 'weeks',
  mo: 'months', mon: 'months', mth: 'months', mths: 'months',
  y: 'years', yr: 'years', yrs: 'years',
});

export const TIME_UNIT_LIST = TIME_UNITS.join(', ');

/** "year", "Days", "hrs" → the IMAGE unit ("years", "days", "hours"); anything else → undefined. */
export function timeUnit(word: string): TimeUnit | undefined {
  return UNIT_WORDS[word.trim().toLowerCase()];
}

export interface Quantity {
  value: number;
  /** Undefined when the text has a number only. */
  unit: TimeUnit | undefined;
  /** The unit word as written when it is not a known unit. */
  unknownUnit?: string;
}

/** "1 year", "7 days", "3months", "12" → value and unit; undefined when it is not a quantity at all. */
export function parseQuantityText(text: string): Quantity | undefined {
  const m = QUANTITY_TEXT.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (m[2] === undefined) return { value, unit: undefined };
  const unit = timeUnit(m[2]);
  return unit ? { value, unit } : { value, unit: undefined, unknownUnit: m[2] };
}

export function isBioSamplesAccession(text: string): boolean {
  return ACCESSION.test(text);
}

export interface Age {
  value: number;
  unit: 'years' | 'months' | 'days';
}

function addMonths(year: number, month: number, day: number, months: number): number {
  const total = month - 1 + months;
  const y = year + Math.floor(total / 12);
  const m = (((total % 12) + 12) % 12) + 1;
  return Date.UTC(y, m - 1, Math.min(day, daysInMonth(y, m)));
}

/**
 * The animal's age at collection from two complete dates, as the original tool gave it: whole
 * years if at least one, else whole months, else days. Undefined when a date is partial, when the
 * birth is after the collection, or when a date is the 1900 placeholder some gene banks use.
 */
export function ageAtCollection(birth: string | null, collection: string | null): Age | undefined {
  if (!birth || !collection || birth.length !== 10 || collection.length !== 10) return undefined;
  const by = +birth.slice(0, 4), bm = +birth.slice(5, 7), bd = +birth.slice(8, 10);
  const cy = +collection.slice(0, 4), cm = +collection.slice(5, 7), cd = +collection.slice(8, 10);
  if (by === 1900 || cy === 1900) return undefined;
  const collected = Date.UTC(cy, cm - 1, cd);
  if (Date.UTC(by, bm - 1, bd) > collected) return undefined;
  let months = (cy - by) * 12 + (cm - bm);
  while (months > 0 && addMonths(by, bm, bd, months) > collected) months--;
  if (months >= 12) return { value: Math.floor(months / 12), unit: 'years' };
  if (months > 0) return { value: months, unit: 'months' };
  return { value: Math.round((collected - Date.UTC(by, bm - 1, bd)) / DAY_MS), unit: 'days' };
}

/** "A, B and C" for messages. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const quoted = (items: readonly string[]): string[] => items.map((i) => `'${i}'`);
