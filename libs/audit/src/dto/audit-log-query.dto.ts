import { IsCalendarDate } from '@app/core';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';


export class AuditLogQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'voucher' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,60}$/)
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9:._-]{1,100}$/)
  entityId?: string;

  @ApiPropertyOptional({ example: 'voucher.posted' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,100}$/)
  action?: string;

  @ApiPropertyOptional({ example: '2025-01-01', description: 'first day, inclusive (China time)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'last day, inclusive (China time)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number.parseInt(value, 10) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  cursor?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the filtered log (up to 50,000 rows) for review in a spreadsheet' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
