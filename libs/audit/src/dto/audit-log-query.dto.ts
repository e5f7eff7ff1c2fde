import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';


/** The audit log's filters, with the page (csv: the filtered log, not paged). */
export class AuditLogQueryDto extends PageQueryDto {
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

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the filtered log (up to 50,000 rows) for review in a spreadsheet' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** an entry of the audit log (AuditLogItem) */
export class AuditLogEntryView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  at: string;

  @ApiProperty({ type: 'string', nullable: true })
  actorId: string | null;

  @ApiProperty({ type: 'string' })
  actorName: string;

  @ApiProperty({ type: 'string' })
  action: string;

  @ApiProperty({ type: 'string' })
  entity: string;

  @ApiProperty({ type: 'string' })
  entityId: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;

  @ApiProperty({ type: 'string', nullable: true })
  requestId: string | null;

  @ApiProperty({ type: 'string' })
  prevHash: string;

  @ApiProperty({ type: 'string' })
  hash: string;
}
