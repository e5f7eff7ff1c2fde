import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsDecimalString, IsPeriod, IsReason, PageQueryDto } from '@app/core';
import { THRESHOLD_PARAMS } from '../rules.js';

export class BudgetLineDto {
  @ApiProperty({ example: 'ZA', description: 'item code (治安 …)' })
  @IsString()
  @Matches(/^[A-Z0-9]{1,20}$/, { message: 'itemCode must be 1–20 capital letters or digits' })
  itemCode: string;

  @ApiProperty({ example: '治安' })
  @IsString()
  @Length(1, 100)
  itemName: string;

  @ApiProperty({ example: '120000.00' })
  @IsDecimalString({ scale: 2, allowZero: true, maxIntegerDigits: 18 })
  amount: string;

  @ApiProperty({ type: [String], example: ['51101'], description: 'accounts (with their sub-accounts) whose posted debits are this item’s actuals' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[0-9]{3,12}$/, { each: true, message: 'each account must be an account code' })
  accounts: string[];
}

export class CreateBudgetDto {
  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ type: [BudgetLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];
}

export class BudgetLinesDto {
  @ApiProperty({ type: [BudgetLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];
}

export class AdjustBudgetDto extends BudgetLinesDto {
  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: '村民代表会议决定增加环卫支出' })
  @IsReason(2)
  reason: string;
}

export class BudgetYearQueryDto {
  @ApiProperty({ example: '2024' })
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year: string;
}

export class BudgetReportQueryDto extends BudgetYearQueryDto {
  @ApiPropertyOptional({ example: '2024-06', description: 'the month (default: December of the year)' })
  @IsOptional()
  @IsPeriod()
  period?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class BudgetLineView {
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ type: 'string' }) amount: string;
  @ApiProperty({ type: [String] }) accounts: string[];
}

export class BudgetVersionView {
  @ApiProperty() id: string;
  @ApiProperty() ledgerId: string;
  @ApiProperty() year: number;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'approved', 'superseded'] }) status: string;
  @ApiProperty({ type: 'string', nullable: true }) reason: string | null;
  @ApiProperty({ type: 'string', nullable: true }) approvedBy: string | null;
  @ApiProperty({ type: 'string', nullable: true }) approvedAt: string | null;
  @ApiProperty({ type: 'string', description: 'Σ of the lines' }) total: string;
  @ApiProperty({ type: [BudgetLineView] }) lines: BudgetLineView[];
}

export class ThresholdDto {
  @ApiProperty({ enum: Object.keys(THRESHOLD_PARAMS) })
  @IsIn(Object.keys(THRESHOLD_PARAMS))
  param: string;

  @ApiProperty({ example: '5000.00' })
  @IsDecimalString({ scale: 2, allowZero: true, maxIntegerDigits: 18 })
  value: string;

  @ApiProperty({ example: '2024-01-01', description: 'the value applies to facts dated from this day on' })
  @IsCalendarDate()
  effectiveFrom: string;
}

export class WarningQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged', 'resolved', 'dismissed'] })
  @IsOptional()
  @IsIn(['open', 'acknowledged', 'resolved', 'dismissed'])
  state?: string;

  @ApiPropertyOptional({ enum: ['red', 'yellow'] })
  @IsOptional()
  @IsIn(['red', 'yellow'])
  colour?: string;

  @ApiPropertyOptional({ example: 'W14' })
  @IsOptional()
  @Matches(/^W\d{1,2}$/, { message: 'rule must be a rule code such as W14' })
  rule?: string;
}

export class WarningStateDto {
  @ApiProperty({ enum: ['acknowledged', 'resolved', 'dismissed'] })
  @IsIn(['acknowledged', 'resolved', 'dismissed'])
  state: 'acknowledged' | 'resolved' | 'dismissed';

  @ApiPropertyOptional({ description: 'required to resolve or dismiss' })
  @IsOptional()
  @IsReason(2)
  reason?: string;
}

export class EvaluateDto {
  @ApiProperty({ example: '2024' })
  @Matches(/^\d{4}$/, { message: 'year must be YYYY' })
  year: string;
}

export class WarningView {
  @ApiProperty() id: string;
  @ApiProperty() orgId: string;
  @ApiProperty() ruleCode: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty() ruleName: string;
  @ApiProperty({ type: 'string', nullable: true }) ledgerId: string | null;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['voucher', 'ledger', 'budget_line', 'contract', 'card', 'counterparty', 'plan'] }) subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty() subjectLabel: string;
  @ApiProperty({ type: 'string' }) measured: string;
  @ApiProperty({ type: 'string' }) threshold: string;
  @ApiProperty({ enum: ['red', 'yellow'] }) colour: string;
  @ApiProperty() firstSeen: string;
  @ApiProperty() lastSeen: string;
  @ApiProperty({ enum: ['open', 'acknowledged', 'resolved', 'dismissed'] }) state: string;
  @ApiProperty({ type: 'string', nullable: true }) stateReason: string | null;
  @ApiProperty({ type: 'string', nullable: true }) stateBy: string | null;
  @ApiProperty({ type: 'string', nullable: true }) stateAt: string | null;
}

export class PackQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  ledgerId?: string;
}

export class PackView {
  @ApiProperty() id: string;
  @ApiProperty() ledgerId: string;
  @ApiProperty() period: string;
  @ApiProperty() version: number;
  @ApiProperty() contentHash: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ description: 'a later version of the same month exists' }) superseded: boolean;
}

export class ObjectionDto {
  @ApiProperty({ example: 'lines:3', description: '<section>:<index> of the pack’s content' })
  @IsString()
  @Matches(/^[a-zA-Z]{1,30}:\d{1,6}$/, { message: 'lineRef must be <section>:<index>, e.g. lines:3' })
  lineRef: string;

  @ApiProperty({ example: '这笔支出的用途是什么？' })
  @IsReason(2)
  text: string;
}

export class AnswerDto {
  @ApiProperty({ example: '是购买环卫车辆的首付款，见理事会决议。' })
  @IsReason(2)
  answer: string;
}

export class ObjectionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only those not yet answered' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

export class ObjectionView {
  @ApiProperty() id: string;
  @ApiProperty() packId: string;
  @ApiProperty() lineRef: string;
  @ApiProperty() text: string;
  @ApiProperty() filedBy: string;
  @ApiProperty({ type: 'string', nullable: true }) answer: string | null;
  @ApiProperty({ type: 'string', nullable: true }) answeredBy: string | null;
  @ApiProperty({ type: 'string', nullable: true }) answeredAt: string | null;
  @ApiProperty() createdAt: string;
}

/** A line of a warning's voucher, with the account's name from the ledger's chart (科目代码 + 名称). */
export class WarningVoucherLineView {
  @ApiProperty({ type: 'number' })
  lineNo: number;

  @ApiProperty({ type: 'string', example: '51302' })
  accountCode: string;

  @ApiProperty({ type: 'string', example: '环卫' })
  accountName: string;

  @ApiProperty({ type: 'string', nullable: true })
  debit: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  credit: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  memo: string | null;
}

/** The drill-down of a voucher warning (W4): the voucher as posted, each line's account with its name. */
export class WarningVoucherView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  ledgerId: string;

  @ApiProperty({ type: 'string', nullable: true })
  number: string | null;

  @ApiProperty({ type: 'string' })
  date: string;

  @ApiProperty({ type: 'string' })
  memo: string;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'string' })
  totalDebit: string;

  @ApiProperty({ type: 'string' })
  totalCredit: string;

  @ApiProperty({ type: () => [WarningVoucherLineView] })
  lines: WarningVoucherLineView[];
}
