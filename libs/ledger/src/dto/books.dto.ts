import { IsPeriod, IsReason } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDecimalString, PageQueryDto } from '@app/core';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

export class CreateLedgerDto {
  @ApiProperty({ example: '集体经济账' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ['collective', 'public'], description: 'public: the village committee’s public-affairs ledger (分账核算)' })
  @IsIn(['collective', 'public'])
  kind: 'collective' | 'public';

  @ApiProperty({ enum: ['2023'] })
  @IsIn(['2023'])
  chart: '2023';

  @ApiProperty({ example: '2024-01' })
  @IsPeriod()
  startPeriod: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: '10201' })
  @IsString()
  code: string;

  @ApiProperty({ example: '工商银行' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '102' })
  @IsString()
  parentCode: string;
}

/** Amounts are validated by the service so that each bad amount gets INVALID_AMOUNT with its line. */
export class LineDto {
  @ApiProperty({ example: '10201' })
  @IsString()
  @Length(1, 20)
  accountCode: string;

  @ApiPropertyOptional({ example: '1500.00', type: String })
  @Allow()
  debit?: unknown;

  @ApiPropertyOptional({ example: '1500.00', type: String })
  @Allow()
  credit?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  memo?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shareholderId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ example: '东城建筑公司' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  counterparty?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the fixed-asset card (lines on 151/152/154)' })
  @IsOptional()
  @IsUUID()
  assetId?: string;
}

export class VoucherDto {
  @ApiProperty({ example: '2024-03-15' })
  @IsString()
  date: string;

  @ApiProperty({ example: '收到厂房租金' })
  @IsString()
  @Length(1, 200)
  memo: string;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9999)
  attachments?: number;

  @ApiProperty({ type: [LineDto] })
  @IsArray()
  @ArrayMinSize(2, { message: 'a voucher needs at least two lines' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
}

export class OpeningBalanceLineDto {
  @ApiProperty({ example: '102' })
  @IsString()
  accountCode: string;

  @ApiPropertyOptional({ type: String })
  @Allow()
  debit?: unknown;

  @ApiPropertyOptional({ type: String })
  @Allow()
  credit?: unknown;
}

export class OpeningBalancesDto {
  @ApiProperty({ type: [OpeningBalanceLineDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => OpeningBalanceLineDto)
  lines: OpeningBalanceLineDto[];
}

export class ReverseVoucherDto {
  @ApiProperty({ example: '2024-04-10' })
  @IsString()
  date: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  memo?: string;
}

export class ReopenPeriodDto {
  @ApiProperty({ example: '补记三月份漏记的租金收入' })
  @IsReason(2)
  reason: string;
}

export class TrialBalanceQueryDto {
  @ApiProperty({ example: '2024-01' })
  @IsPeriod()
  from: string;

  @ApiProperty({ example: '2024-12' })
  @IsPeriod()
  to: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

/** The voucher list's filters (SPEC §5: query parameters), with the page. */
export class VoucherListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2024-03' })
  @IsOptional()
  @IsPeriod()
  period?: string;

  @ApiPropertyOptional({ enum: ['draft', 'reviewed', 'posted'] })
  @IsOptional()
  @IsIn(['draft', 'reviewed', 'posted'])
  status?: string;

  @ApiPropertyOptional({ example: '102', description: 'vouchers with a line on this account or one of its sub-accounts' })
  @IsOptional()
  @Matches(/^[0-9]{3}([0-9]{2})*$/, { message: 'account must be an account code' })
  account?: string;

  @ApiPropertyOptional({ example: '租金', description: '摘要 search: the text in the memo of the voucher or of a line' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  text?: string;

  @ApiPropertyOptional({ example: '1500.00', description: 'vouchers with a line of this debit or credit' })
  @IsOptional()
  @IsDecimalString({ scale: 2, allowZero: false, maxIntegerDigits: 18 })
  amount?: string;
}

/** Query of the statutory reports; which fields a report needs is checked by the report. */
export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2024-01' })
  @IsOptional()
  @IsPeriod()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12' })
  @IsOptional()
  @IsPeriod()
  to?: string;

  @ApiPropertyOptional({ example: '2024-12', description: 'balance sheet: the month it is drawn at' })
  @IsOptional()
  @IsPeriod()
  period?: string;

  @ApiPropertyOptional({ example: '2024', description: 'income statement: the fiscal year' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year?: string;

  @ApiPropertyOptional({ example: '102' })
  @IsOptional()
  @Matches(/^[0-9]{3}([0-9]{2})*$/, { message: 'account must be an account code' })
  account?: string;

  @ApiPropertyOptional({ enum: ['counterparty', 'shareholder', 'household'] })
  @IsOptional()
  @IsIn(['counterparty', 'shareholder', 'household'])
  dimension?: 'counterparty' | 'shareholder' | 'household';

  @ApiPropertyOptional({ description: 'the dimension value: a counterparty name or a shareholder/household id' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  value?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}


// Answers (what the OpenAPI document shows a client for each list's items).

export class LedgerView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ type: 'string' })
  kind: string;

  @ApiProperty({ type: 'string' })
  chart: string;

  @ApiProperty({ type: 'string' })
  startPeriod: string;
}

export class AccountView {
  @ApiProperty({ type: 'string' })
  code: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ type: 'string' })
  category: string;

  @ApiProperty({ type: 'string' })
  normalSide: string;

  @ApiProperty({ type: 'boolean' })
  contra: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  parentCode: string | null;

  @ApiProperty({ type: 'boolean' })
  leaf: boolean;

  @ApiProperty({ type: 'boolean' })
  needsCounterparty: boolean;

  @ApiProperty({ type: 'boolean', description: 'lines on this account carry a fixed-asset card (assetId): 151/152/154 and their sub-accounts' })
  needsAsset: boolean;
}

export class PeriodView {
  @ApiProperty({ type: 'string' })
  period: string;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'number' })
  vouchers: number;

  @ApiProperty({ type: 'string', nullable: true })
  closedAt: string | null;
}

export class VoucherLineView {
  @ApiProperty({ type: 'number' })
  lineNo: number;

  @ApiProperty({ type: 'string' })
  accountCode: string;

  @ApiProperty({ type: 'string', nullable: true })
  debit: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  credit: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  memo: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  shareholderId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  householdId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  counterparty: string | null;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'the fixed-asset card (lines on accounts that need one)' })
  assetId: string | null;
}

export class VoucherView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  ledgerId: string;

  @ApiProperty({ type: 'string' })
  date: string;

  @ApiProperty({ type: 'string' })
  period: string;

  @ApiProperty({ type: 'string' })
  memo: string;

  @ApiProperty({ type: 'number' })
  attachments: number;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'string', nullable: true })
  number: string | null;

  @ApiProperty({ type: 'string' })
  source: string;

  @ApiProperty({ type: 'string', nullable: true })
  sourceRef: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  reversesId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  reversedById: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  preparedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  reviewedBy: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  postedBy: string | null;

  @ApiProperty({ type: 'string' })
  totalDebit: string;

  @ApiProperty({ type: 'string' })
  totalCredit: string;

  @ApiProperty({ type: () => [VoucherLineView] })
  lines: VoucherLineView[];
}
