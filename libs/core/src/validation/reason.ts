import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

/**
 * A reason someone must give (reopen, reject, objection, override …): trimmed, then required with
 * at least `min` characters — a reason of blanks is no reason. Every reason field uses this rule.
 */
export function IsReason(min = 2, max = 500): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Length(min, max, { message: `reason must be ${min}-${max} characters, not counting surrounding blanks` }),
  );
}
