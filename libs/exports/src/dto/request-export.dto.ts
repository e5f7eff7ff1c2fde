import { IsPeriod } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { EXPORT_FORMATS } from '../export-types.js';
import type { ExportFormat } from '../export-types.js';

/** POST …/exports: the same parameters as the synchronous GET routes, with the format named. */
export class RequestExportDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` })
  format!: ExportFormat;

  @ApiPropertyOptional({ example: '2024', description: 'gbt24589: the fiscal year (else the year of `to`, else of `from`)' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year?: string;

  @ApiPropertyOptional({ example: '2024-01', description: 'journal: the first month (default: the ledger’s start)' })
  @IsOptional()
  @IsPeriod()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12', description: 'journal: the last month (default: the latest)' })
  @IsOptional()
  @IsPeriod()
  to?: string;
}
