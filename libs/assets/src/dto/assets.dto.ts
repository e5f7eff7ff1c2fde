import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsDecimalString, IsPeriod, IsReason, PageQueryDto } from '@app/core';

export const PURPOSES = ['production', 'operating', 'leased', 'management', 'public_welfare'] as const;
export const ACQUISITIONS = ['purchase', 'self_built', 'donated', 'transfer_in', 'opening'] as const;
export const METHODS = ['straight_line', 'units'] as const;
export const ASSET_STATES = ['in_use', 'idle', 'leased_out', 'under_repair'] as const;
export const RESOURCE_TYPES = ['耕地', '林地', '园地', '草地', '水面', '滩涂', '四荒地', '集体建设用地', '经济发展用地', '其他'] as const;
export const RESOURCE_USES = ['self_run', 'contracted_out', 'leased', 'idle', 'requisitioned'] as const;

const MONEY = { scale: 2, maxIntegerDigits: 16 };
const ACCOUNT = /^[0-9]{3}([0-9]{2})*$/;

export class CreateAssetDto {
  @ApiProperty({ example: 'GZ-0001' }) @IsString() @Length(1, 40) cardNo: string;
  @ApiProperty({ example: '一号厂房' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '房屋建筑物' }) @IsString() @Length(1, 40) category: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 100) spec?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) location?: string;
  @ApiPropertyOptional({ description: '管护责任人' }) @IsOptional() @IsString() @Length(0, 50) custodian?: string;
  @ApiProperty({ enum: PURPOSES }) @IsIn(PURPOSES) purpose: (typeof PURPOSES)[number];
  @ApiProperty({ enum: ACQUISITIONS }) @IsIn(ACQUISITIONS) acquisitionType: (typeof ACQUISITIONS)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'link an existing posted voucher (Dr 151) instead of posting one' })
  @IsOptional()
  @IsUUID()
  sourceVoucherId?: string;
  @ApiPropertyOptional({ example: '10201', description: 'post the acquisition: Dr 151 / Cr this account, dated the in-service date' })
  @IsOptional()
  @Matches(ACCOUNT, { message: 'creditAccountCode must be an account code' })
  creditAccountCode?: string;
  @ApiProperty({ example: '1200000.00', type: String }) @IsDecimalString(MONEY) cost: string;
  @ApiProperty({ example: '0.05', type: String, description: '残值率' }) @IsDecimalString({ scale: 4, maxIntegerDigits: 1, allowZero: true }) salvageRate: string;
  @ApiProperty({ example: '2024-01-15' }) @IsCalendarDate() inServiceDate: string;
  @ApiProperty({ enum: METHODS }) @IsIn(METHODS) method: (typeof METHODS)[number];
  @ApiProperty({ example: 240 }) @IsInt() @Min(1) @Max(1200) usefulLifeMonths: number;
  @ApiPropertyOptional({ type: String, description: 'units of production over the life (method units)' })
  @IsOptional()
  @IsDecimalString({ scale: 4, maxIntegerDigits: 14 })
  totalUnits?: string;
  @ApiPropertyOptional({ type: String, description: 'migrated cards: accumulated depreciation at openingThrough (in the opening balance of 152)' })
  @IsOptional()
  @IsDecimalString({ ...MONEY, allowZero: true })
  openingAccumulated?: string;
  @ApiPropertyOptional({ example: '2023-12' }) @IsOptional() @IsPeriod() openingThrough?: string;
  @ApiPropertyOptional({ type: String, description: 'migrated units cards: units used through openingThrough' })
  @IsOptional()
  @IsDecimalString({ scale: 4, maxIntegerDigits: 14, allowZero: true })
  openingUnits?: string;
}

export class UpdateAssetDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 100) spec?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) location?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 50) custodian?: string;
  @ApiPropertyOptional({ enum: PURPOSES }) @IsOptional() @IsIn(PURPOSES) purpose?: (typeof PURPOSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1200) usefulLifeMonths?: number;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsDecimalString({ scale: 4, maxIntegerDigits: 1, allowZero: true }) salvageRate?: string;
}

export class ChangeAssetStateDto {
  @ApiProperty({ enum: ASSET_STATES }) @IsIn(ASSET_STATES) state: (typeof ASSET_STATES)[number];
  @ApiProperty({ example: '2024-06-01' }) @IsCalendarDate() since: string;
  @ApiProperty({ example: '出租给东城制衣厂' }) @IsReason() reason: string;
}

export class DisposeAssetDto {
  @ApiProperty({ example: '2024-06-20' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '900000.00', type: String, description: '处置收入' }) @IsDecimalString({ ...MONEY, allowZero: true }) proceeds: string;
  @ApiPropertyOptional({ example: '5000.00', type: String, description: '清理费用' }) @IsOptional() @IsDecimalString({ ...MONEY, allowZero: true }) costs?: string;
  @ApiPropertyOptional({ example: '10201', description: 'the bank account of proceeds and costs (default 102)' })
  @IsOptional()
  @Matches(ACCOUNT, { message: 'bankAccountCode must be an account code' })
  bankAccountCode?: string;
  @ApiProperty({ example: '厂房拆迁补偿' }) @IsReason() reason: string;
}

export class UnitsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() assetId: string;
  @ApiProperty({ example: '1200.0000', type: String }) @IsDecimalString({ scale: 4, maxIntegerDigits: 14, allowZero: true }) units: string;
}

export class RunDepreciationDto {
  @ApiProperty({ example: '2024-03' }) @IsPeriod() period: string;
  @ApiPropertyOptional({ type: [UnitsDto], description: 'the month\'s units for units-of-production cards' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => UnitsDto)
  units?: UnitsDto[];
}

/** The card list's filters (固定资产 screen): category and state, both exact. */
export class AssetListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '房屋建筑物' }) @IsOptional() @IsString() @Length(1, 40) category?: string;
  @ApiPropertyOptional({ enum: [...ASSET_STATES, 'disposed'] }) @IsOptional() @IsIn([...ASSET_STATES, 'disposed']) state?: (typeof ASSET_STATES)[number] | 'disposed';
}

export class AsOfQueryDto extends PageQueryDto {
  @ApiProperty({ example: '2024-12' }) @IsPeriod() asOf: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class DepreciationQueryDto extends PageQueryDto {
  @ApiProperty({ example: '2024-01' }) @IsPeriod() from: string;
  @ApiProperty({ example: '2024-12' }) @IsPeriod() to: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class CreateResourceDto {
  @ApiProperty({ example: 'ZY-001' }) @IsString() @Length(1, 40) number: string;
  @ApiProperty({ enum: RESOURCE_TYPES }) @IsIn(RESOURCE_TYPES) type: (typeof RESOURCE_TYPES)[number];
  @ApiProperty({ example: '村东耕地' }) @IsString() @Length(1, 100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) location?: string;
  @ApiPropertyOptional({ description: '四至' }) @IsOptional() @IsString() @Length(0, 400) boundaries?: string;
  @ApiProperty({ example: '12.5000', type: String, description: '亩' }) @IsDecimalString({ scale: 4, maxIntegerDigits: 10 }) areaMu: string;
  @ApiPropertyOptional({ example: '8333.38', type: String, description: 'm² (default 亩 × 666.67, to the cent)' })
  @IsOptional()
  @IsDecimalString({ scale: 2, maxIntegerDigits: 14 })
  areaM2?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 60) certificateNo?: string;
  @ApiProperty({ enum: RESOURCE_USES }) @IsIn(RESOURCE_USES) currentUse: (typeof RESOURCE_USES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 400) note?: string;
}

export class UpdateResourceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) location?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 400) boundaries?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 60) certificateNo?: string;
  @ApiPropertyOptional({ enum: RESOURCE_USES }) @IsOptional() @IsIn(RESOURCE_USES) currentUse?: (typeof RESOURCE_USES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 400) note?: string;
}

export class AssetView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ledgerId: string;
  @ApiProperty() cardNo: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty({ nullable: true, type: String }) spec: string | null;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ nullable: true, type: String }) custodian: string | null;
  @ApiProperty({ enum: PURPOSES }) purpose: string;
  @ApiProperty() expenseAccount: string;
  @ApiProperty({ enum: ACQUISITIONS }) acquisitionType: string;
  @ApiProperty({ nullable: true, type: String }) sourceVoucherId: string | null;
  @ApiProperty() cost: string;
  @ApiProperty() salvageRate: string;
  @ApiProperty() salvage: string;
  @ApiProperty() inServiceDate: string;
  @ApiProperty({ enum: METHODS }) method: string;
  @ApiProperty() usefulLifeMonths: number;
  @ApiProperty({ nullable: true, type: String }) totalUnits: string | null;
  @ApiProperty() monthlyAmount: string;
  @ApiProperty() openingAccumulated: string;
  @ApiProperty({ nullable: true, type: String }) openingThrough: string | null;
  @ApiProperty({ description: '累计折旧' }) accumulated: string;
  @ApiProperty({ description: '净值' }) netValue: string;
  @ApiProperty() unitsUsed: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) disposedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) disposalVoucherId: string | null;
}

export class DepreciationLineView {
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty() cardNo: string;
  @ApiProperty() name: string;
  @ApiProperty() period: string;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ format: 'uuid' }) voucherId: string;
  @ApiProperty() amount: string;
  @ApiProperty({ nullable: true, type: String }) units: string | null;
  @ApiProperty() accumulatedAfter: string;
}

export class RegisterRowView {
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty() cardNo: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty() inServiceDate: string;
  @ApiProperty() cost: string;
  @ApiProperty() accumulated: string;
  @ApiProperty() netValue: string;
  @ApiProperty() state: string;
}

export class RunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() period: string;
  @ApiProperty({ nullable: true, type: String }) voucherId: string | null;
  @ApiProperty() total: string;
  @ApiProperty() cards: number;
}

/** One card of a month's depreciation before it is run: what the run would post for it with the workloads sent. */
export class RunPreviewLineView {
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty() cardNo: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: METHODS }) method: string;
  @ApiProperty({ nullable: true, type: String, description: 'units cards: 预计总工作量' }) totalUnits: string | null;
  @ApiProperty({ description: 'units used before this month' }) unitsUsed: string;
  @ApiProperty({ nullable: true, type: String, description: 'units cards: the workload sent for this month (0.0000 when none was sent); null for straight-line cards' }) units: string | null;
  @ApiProperty({ description: 'this month\'s depreciation (0.00 for a units card without workload)' }) amount: string;
  @ApiProperty() accumulatedAfter: string;
}

/**
 * The month's depreciation as the run would post it, written nowhere: every units-of-production
 * card due that month (they need the month's workload) and every other card with an amount.
 */
export class RunPreviewView {
  @ApiProperty() period: string;
  @ApiProperty({ description: 'Σ amount' }) total: string;
  @ApiProperty({ description: 'cards with an amount above zero (the run\'s card count)' }) cards: number;
  @ApiProperty({ type: [RunPreviewLineView] }) lines: RunPreviewLineView[];
}

export class ResourceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty({ enum: RESOURCE_TYPES }) type: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ nullable: true, type: String }) boundaries: string | null;
  @ApiProperty() areaMu: string;
  @ApiProperty() areaM2: string;
  @ApiProperty({ nullable: true, type: String }) certificateNo: string | null;
  @ApiProperty({ enum: RESOURCE_USES }) currentUse: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}
