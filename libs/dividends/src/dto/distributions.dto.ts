import { IsCalendarDate, IsReason } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

export class OverrideDto {
  @ApiProperty({ example: '经成员大会表决同意动用以前年度积累' })
  @IsReason(4)
  reason: string;
}

export class CreateDistributionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiPropertyOptional({ example: '2024-12-31', description: '股权登记日; default 12-31 of the fiscal year' })
  @IsOptional()
  @IsCalendarDate()
  recordDate?: string;

  /** Amounts and rates are checked by the service (decimal strings, scale). */
  @ApiProperty({ example: '30.00', description: '提取公积公益金, percent of the year’s profit', type: String })
  @Allow()
  reservePercent: unknown;

  @ApiPropertyOptional({ example: '3000000.00', type: String })
  @Allow()
  totalAmount?: unknown;

  @ApiPropertyOptional({ example: '300.00', type: String, description: 'per weighted unit, up to 4 places' })
  @Allow()
  amountPerUnit?: unknown;

  @ApiPropertyOptional({ example: { BASIC: '1', LABOR: '0.5' }, description: 'default: each class’s weight' })
  @IsOptional()
  @IsObject()
  classWeights?: Record<string, unknown>;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  prorateByDays?: boolean;

  @ApiPropertyOptional({ example: '0.20', type: String, description: 'withholding tax rate, 0 ≤ rate < 1; default 0' })
  @Allow()
  taxRate?: unknown;

  @ApiPropertyOptional({ example: '21101', description: 'default 21101 应付股东红利' })
  @IsOptional()
  @Matches(/^211([0-9]{2})+$/, { message: 'payableAccount must be a sub-account of 211' })
  payableAccount?: string;

  @ApiPropertyOptional({ type: OverrideDto, description: 'go past the guard rails, with a reason that is logged and listed as a warning' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

/** A reason that is kept and shown: an objection during the 公示, or why the board skips it. */
export class PlanReasonDto {
  @ApiProperty({ example: '分配方案未扣除村道改造预留款，请理事会复核' })
  @IsReason(2)
  reason: string;
}

export class ApproveDistributionDto {
  @ApiPropertyOptional({ type: PlanReasonDto, description: 'approve a calculated plan without its 公示, with a reason that is logged and listed as a warning' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlanReasonDto)
  skipNotice?: PlanReasonDto;
}

export class CreatePaymentBatchDto {
  @ApiPropertyOptional({ enum: ['shareholder', 'household_head'], default: 'shareholder' })
  @IsOptional()
  @IsIn(['shareholder', 'household_head'])
  payTo?: 'shareholder' | 'household_head';
}

export class ConfirmBatchDto {
  @ApiPropertyOptional({ example: '10201', description: 'the bank account paid from; default 102' })
  @IsOptional()
  @Matches(/^102([0-9]{2})*$/, { message: 'bankAccountCode must be 102 or one of its sub-accounts' })
  bankAccountCode?: string;
}

export class StatementQueryDto {
  @ApiProperty({ example: '2024' })
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year: string;

  @ApiPropertyOptional({ enum: ['json', 'pdf'] })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}
