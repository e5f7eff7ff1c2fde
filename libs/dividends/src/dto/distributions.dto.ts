import { IsCalendarDate, IsReason } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@app/core';
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

export class AllocationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the allocation of this holder only' })
  @IsOptional()
  @IsUUID()
  shareholderId?: string;
}

// Answers (what the OpenAPI document shows a client for each list's items).

export class PlanObjectionView {
  @ApiProperty({ type: 'string' })
  at: string;

  @ApiProperty({ type: 'string' })
  by: string;

  @ApiProperty({ type: 'string' })
  reason: string;
}

export class PlanView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  ledgerId: string;

  @ApiProperty({ type: 'number' })
  fiscalYear: number;

  @ApiProperty({ type: 'string' })
  recordDate: string;

  @ApiProperty({ type: 'string' })
  reservePercent: string;

  @ApiProperty({ type: 'string', nullable: true })
  totalAmount: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  amountPerUnit: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  classWeights: Record<string, string>;

  @ApiProperty({ type: 'boolean' })
  prorateByDays: boolean;

  @ApiProperty({ type: 'string' })
  taxRate: string;

  @ApiProperty({ type: 'string' })
  payableAccount: string;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'string' })
  profit: string;

  @ApiProperty({ type: 'string' })
  openingUndistributed: string;

  @ApiProperty({ type: 'string' })
  reserveAmount: string;

  @ApiProperty({ type: 'string' })
  distributable: string;

  @ApiProperty({ type: 'string', nullable: true })
  overrideReason: string | null;

  @ApiProperty({ type: [String] })
  warnings: string[];

  @ApiProperty({ type: 'string', nullable: true })
  unitsTotal: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  grossTotal: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  taxTotal: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  collectiveGross: string | null;

  @ApiProperty({ type: 'number', nullable: true })
  allocationCount: number | null;

  @ApiProperty({ type: [String] })
  voucherIds: string[];

  @ApiProperty({ type: 'string', nullable: true })
  noticeEndsOn: string | null;

  @ApiProperty({ type: () => [PlanObjectionView] })
  objections: PlanObjectionView[];

  @ApiProperty({ type: 'string', nullable: true })
  noticeSkipReason: string | null;
}

/** a payment batch of a plan (its rows are in the 代发 file) */
export class PaymentBatchSummaryView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string', enum: ['prepared', 'confirmed'] })
  status: string;

  @ApiProperty({ type: 'string' })
  total: string;

  @ApiProperty({ type: 'number', description: 'allocation rows in the batch' })
  rows: number;

  @ApiProperty({ type: 'string', nullable: true })
  voucherId: string | null;

  @ApiProperty({ type: 'string' })
  createdAt: string;

  @ApiProperty({ type: 'string', nullable: true })
  confirmedAt: string | null;
}

/** one plan with its payment batches (`GET …/distributions/{planId}`) */
export class PlanDetailView extends PlanView {
  @ApiProperty({ type: () => [PaymentBatchSummaryView] })
  paymentBatches: PaymentBatchSummaryView[];
}

export class AllocationView {
  @ApiProperty({ type: 'string' })
  shareholderId: string;

  @ApiProperty({ type: 'string' })
  shareholderNumber: string;

  @ApiProperty({ type: 'boolean' })
  collective: boolean;

  @ApiProperty({ type: 'string' })
  units: string;

  @ApiProperty({ type: 'string' })
  frozenUnits: string;

  @ApiProperty({ type: 'string' })
  gross: string;

  @ApiProperty({ type: 'string' })
  tax: string;

  @ApiProperty({ type: 'string' })
  net: string;

  @ApiProperty({ type: 'string' })
  withheld: string;

  @ApiProperty({ type: 'string' })
  paid: string;

  @ApiProperty({ type: 'string', nullable: true })
  paidAt: string | null;
}

/** the caller's own share of a plan under notice */
export class MyNoticeAllocationView {
  @ApiProperty({ type: 'string' })
  units: string;

  @ApiProperty({ type: 'string' })
  gross: string;

  @ApiProperty({ type: 'string' })
  tax: string;

  @ApiProperty({ type: 'string' })
  net: string;

  @ApiProperty({ type: 'string' })
  withheld: string;
}

/** a distribution plan in its 公示 in one of the caller's organizations: what a member may object to */
export class MyDistributionNoticeView {
  @ApiProperty({ type: 'string' })
  orgId: string;

  @ApiProperty({ type: 'string' })
  organization: string;

  @ApiProperty({ type: 'string' })
  planId: string;

  @ApiProperty({ type: 'integer' })
  fiscalYear: number;

  @ApiProperty({ type: 'string' })
  recordDate: string;

  @ApiProperty({ type: 'string', nullable: true })
  totalAmount: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  amountPerUnit: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  grossTotal: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  noticeEndsOn: string | null;

  @ApiProperty({ type: () => MyNoticeAllocationView, nullable: true, description: 'the caller\'s own allocation in the plan' })
  mine: MyNoticeAllocationView | null;
}
