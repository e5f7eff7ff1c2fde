import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error.js';

/** A UUID as PostgreSQL writes it (lower case): the one check for ids in paths, queries and bodies. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `@Param('batchId', UuidPipe)`: 400 VALIDATION_FAILED unless the parameter is a UUID. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) throw new ValidationFailedError([{ field: metadata.data ?? 'id', problems: ['must be a UUID'] }]);
    return value;
  }
}
