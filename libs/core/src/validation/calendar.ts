import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * The one calendar check for dates (`YYYY-MM-DD`) and accounting months (`YYYY-MM`) read anywhere —
 * bodies, query strings, services. A value that has the shape but is not on the calendar
 * (2025-02-30, 2025-13-01, 2025-04-31) is refused; years before 1900 are refused as typing errors.
 */
export const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= MIN_YEAR && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isValidPeriod(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = PERIOD.exec(value);
  return m !== null && Number(m[1]) >= MIN_YEAR;
}

function calendarRule(name: string, test: (v: unknown) => boolean, shape: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => test(value),
        defaultMessage: (args) => `${args?.property} must be a calendar ${shape}`,
      },
    });
  };
}

/** class-validator rule: a real calendar date `YYYY-MM-DD` (for bodies and query DTOs alike). */
export const IsCalendarDate = (options?: ValidationOptions) => calendarRule('isCalendarDate', isValidDate, 'date YYYY-MM-DD', options);

/** class-validator rule: an accounting month `YYYY-MM`. */
export const IsPeriod = (options?: ValidationOptions) => calendarRule('isPeriod', isValidPeriod, 'month YYYY-MM', options);
