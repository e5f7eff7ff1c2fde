import { registerDecorator, ValidationOptions } from 'class-validator';
import { DecimalRule, decimalProblem } from './decimal.js';

/** class-validator rule for money and quantity fields: strings only, with the given scale. */
export function IsDecimalString(rule: DecimalRule, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isDecimalString',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => decimalProblem(value, rule) === null,
        defaultMessage: (args) => `${args?.property} ${decimalProblem(args?.value, rule) ?? 'is invalid'}`,
      },
    });
  };
}
