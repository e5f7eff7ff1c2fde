import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsDecimalString, IsReason, PageQueryDto } from '@app/core';


export class CreateHouseholdDto {
  @ApiProperty({ example: 'H0001' })
  @Matches(/^[A-Za-z0-9-]{1,30}$/, { message: 'code must be 1-30 letters, digits or -' })
  code: string;

  @ApiPropertyOptional({ example: '温塘村一巷3号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class SetHouseholdHeadDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  headShareholderId: string;
}

export class SplitHouseholdDto {
  @ApiProperty({ example: 'H0001-2', description: 'code of the new household' })
  @Matches(/^[A-Za-z0-9-]{1,30}$/, { message: 'code must be 1-30 letters, digits or -' })
  code: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiProperty({ type: [String], description: 'members moving to the new household' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  shareholderIds: string[];
}

export class MergeHouseholdDto {
  @ApiProperty({ format: 'uuid', description: 'the household that absorbs this one' })
  @IsUUID()
  intoHouseholdId: string;
}

export class CreateShareholderDto {
  @ApiProperty({ example: '0001' })
  @Matches(/^[A-Za-z0-9-]{1,30}$/, { message: 'number must be 1-30 letters, digits or -' })
  number: string;

  @ApiProperty({ example: '陈大文' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '441900198001011237', description: '身份证 (18 characters, GB 11643 check digit)' })
  @IsString()
  idNumber: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId: string;

  @ApiProperty()
  @IsBoolean()
  member: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+ -]{5,30}$/, { message: 'phone must be digits' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9]{8,40}$/, { message: 'bankAccount must be 8-40 digits' })
  bankAccount?: string;
}

export class UpdateShareholderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  member?: boolean;

  @ApiPropertyOptional({ enum: ['active', 'deceased', 'exited'] })
  @IsOptional()
  @IsIn(['active', 'deceased', 'exited'])
  status?: 'active' | 'deceased' | 'exited';

  @ApiPropertyOptional({ example: '2025-03-01', description: 'required with status deceased' })
  @IsOptional()
  @IsCalendarDate()
  deceasedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+ -]{5,30}$/, { message: 'phone must be digits' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9]{8,40}$/, { message: 'bankAccount must be 8-40 digits' })
  bankAccount?: string;
}

export class MoveShareholderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  householdId: string;
}

export class CreateShareClassDto {
  @ApiProperty({ example: 'BASIC' })
  @Matches(/^[A-Z0-9_]{1,20}$/, { message: 'code must be 1-20 of A-Z, 0-9, _' })
  code: string;

  @ApiProperty({ example: '基本股' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '1', description: 'dividend weight, up to 4 decimals' })
  @IsDecimalString({ scale: 4, allowZero: true, maxIntegerDigits: 6 })
  weight: string;

  @ApiProperty()
  @IsBoolean()
  transferable: boolean;

  @ApiProperty()
  @IsBoolean()
  giftable: boolean;

  @ApiProperty()
  @IsBoolean()
  inheritable: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  redeemable?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  project?: boolean;

  @ApiPropertyOptional({ enum: ['collective', 'cancel'], default: 'collective' })
  @IsOptional()
  @IsIn(['collective', 'cancel'])
  nonInheritableTo?: 'collective' | 'cancel';
}

export class LegDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  shareholderId: string;

  @ApiProperty({ example: 'BASIC' })
  @IsString()
  shareClass: string;

  /** Checked by the service (4 decimals, sign rules per event type). */
  @ApiProperty({ example: '10.0000', type: String })
  @Allow()
  quantity: unknown;
}

export class HeirDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  shareholderId: string;

  @ApiPropertyOptional({ example: '1/3', description: 'a fraction of every inheritable holding' })
  @IsOptional()
  @IsString()
  fraction?: string;
}

export const SHARE_EVENT_TYPES = ['initial_allocation', 'transfer', 'gift', 'inheritance', 'purchase', 'project_investment', 'redemption', 'freeze', 'unfreeze', 'correction'];

export class CreateShareEventDto {
  @ApiProperty({ enum: SHARE_EVENT_TYPES })
  @IsIn(SHARE_EVENT_TYPES)
  type: string;

  @ApiProperty({ example: '2025-03-01' })
  @IsString()
  effectiveDate: string;

  @ApiPropertyOptional({ type: [LegDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => LegDto)
  legs?: LegDto[];

  @ApiPropertyOptional({ type: [String], example: ['转让协议 2025-001'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  documents?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'inheritance: the deceased holder' })
  @IsOptional()
  @IsUUID()
  deceasedId?: string;

  @ApiPropertyOptional({ type: [HeirDto], description: 'inheritance: heirs with fractions summing to 1; the last heir takes any remainder' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HeirDto)
  heirs?: HeirDto[];

  @ApiPropertyOptional({ example: '1.50', description: 'purchase, project investment, redemption: price per share' })
  @IsOptional()
  @Allow()
  price?: unknown;

  @ApiPropertyOptional({ example: '10201', description: 'the bank account (102 or a sub-account) the money goes through; default 102' })
  @IsOptional()
  @Matches(/^102([0-9]{2})*$/, { message: 'bankAccountCode must be 102 or one of its sub-accounts' })
  bankAccountCode?: string;

  @ApiPropertyOptional({ example: '父子', description: 'gift: the close-relative relationship' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  relationship?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'correction: the effective event whose legs are reversed' })
  @IsOptional()
  @IsUUID()
  correctsEventId?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '该股东对转让数量有异议' })
  @IsReason(2)
  reason: string;
}

export class HoldingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2024-12-31' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shareholderId?: string;
}

export class ShareholderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'exact 身份证 search' })
  @IsOptional()
  @Matches(/^[0-9]{17}[0-9X]$/, { message: 'idNumber must be 18 characters' })
  idNumber?: string;

  @ApiPropertyOptional({ description: 'part of a name, or a shareholder number' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;

  @ApiPropertyOptional({ description: 'part of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  text?: string;

  @ApiPropertyOptional({ description: 'the shareholder number, exactly' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  number?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'members of this household' })
  @IsOptional()
  @IsUUID()
  householdId?: string;
}

export const SHARE_EVENT_STATUSES = ['pending', 'approved', 'public_notice', 'effective', 'rejected', 'cancelled', 'withdrawn'];

export class ShareEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SHARE_EVENT_TYPES })
  @IsOptional()
  @IsIn(SHARE_EVENT_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: SHARE_EVENT_STATUSES })
  @IsOptional()
  @IsIn(SHARE_EVENT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the holder: events with a leg on this shareholder' })
  @IsOptional()
  @IsUUID()
  shareholderId?: string;
}

export class RegisterQueryDto {
  @ApiPropertyOptional({ example: '2024-12-31' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['shareholder', 'household'] })
  @IsOptional()
  @IsIn(['shareholder', 'household'])
  by?: 'shareholder' | 'household';

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

// Answers (what the OpenAPI document shows a client for each list's items).

export class ShareholderView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  number: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ type: 'string', nullable: true })
  idNumber: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  householdId: string | null;

  @ApiProperty({ type: 'boolean' })
  member: boolean;

  @ApiProperty({ type: 'boolean' })
  collective: boolean;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'string', nullable: true })
  deceasedOn: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  phone: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  bankAccount: string | null;
}

export class HoldingView {
  @ApiProperty({ type: 'string' })
  shareholderId: string;

  @ApiProperty({ type: 'string' })
  shareClass: string;

  @ApiProperty({ type: 'string' })
  quantity: string;

  @ApiProperty({ type: 'string' })
  frozen: string;
}

/** a household as stored (field names as the API has always answered them) */
export class HouseholdView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  code: string;

  @ApiProperty({ type: 'string', nullable: true })
  address: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  head_shareholder_id: string | null;

  @ApiProperty({ type: 'string' })
  status: string;
}

/** a share class as stored */
export class ShareClassView {
  @ApiProperty({ type: 'string' })
  code: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ type: 'string' })
  weight: string;

  @ApiProperty({ type: 'boolean' })
  transferable: boolean;

  @ApiProperty({ type: 'boolean' })
  giftable: boolean;

  @ApiProperty({ type: 'boolean' })
  inheritable: boolean;

  @ApiProperty({ type: 'boolean' })
  redeemable: boolean;

  @ApiProperty({ type: 'boolean' })
  project: boolean;

  @ApiProperty({ type: 'string' })
  non_inheritable_to: string;
}

export class ShareEventLegView {
  @ApiProperty({ type: 'string' })
  shareholderId: string;

  @ApiProperty({ type: 'string' })
  shareClass: string;

  @ApiProperty({ type: 'string' })
  quantity: string;

  @ApiProperty({ type: 'string' })
  frozen: string;
}

export class ShareEventObjectionView {
  @ApiProperty({ type: 'string' })
  at: string;

  @ApiProperty({ type: 'string' })
  by: string;

  @ApiProperty({ type: 'string' })
  reason: string;
}

/** ShareEventView (share-events.service.ts) for the OpenAPI document */
export class ShareEventListItem {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  type: string;

  @ApiProperty({ type: 'string' })
  status: string;

  @ApiProperty({ type: 'string' })
  effectiveDate: string;

  @ApiProperty({ type: [String] })
  documents: string[];

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty({ type: () => [ShareEventObjectionView] })
  objections: ShareEventObjectionView[];

  @ApiProperty({ type: 'string', nullable: true })
  noticeEndsOn: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  correctsId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  voucherId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  closedReason: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'the user who applied; not in a shareholder’s own view' })
  appliedBy?: string | null;

  @ApiProperty({ type: () => [ShareEventLegView] })
  legs: ShareEventLegView[];
}

/** a shareholder's own record and holdings in one organization */
/** /me/holdings: now, or as of a date */
export class MyHoldingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'holdings on this date (default: now)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/** one holding of the caller's, with its class's name and dividend weight */
export class MyHoldingView extends HoldingView {
  @ApiProperty({ type: 'string' })
  className: string;

  @ApiProperty({ type: 'string' })
  weight: string;
}

/** a member of the caller's household (户内共享): name, number and holdings, nothing else */
export class MyHouseholdMemberView {
  @ApiProperty({ type: 'string' })
  number: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ type: 'boolean' })
  head: boolean;

  @ApiProperty({ type: () => [MyHoldingView] })
  holdings: MyHoldingView[];
}

export class MyHouseholdView {
  @ApiProperty({ type: 'string' })
  code: string;

  @ApiProperty({ type: 'boolean', description: 'the caller is the head of the household' })
  head: boolean;

  @ApiProperty({ type: () => [MyHouseholdMemberView], description: 'the other members, by number' })
  members: MyHouseholdMemberView[];
}

export class MyHoldingsView {
  @ApiProperty({ type: 'string' })
  orgId: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'the date asked for (null: now)' })
  asOf: string | null;

  @ApiProperty({ type: () => ShareholderView })
  shareholder: ShareholderView;

  @ApiProperty({ type: () => [MyHoldingView] })
  holdings: MyHoldingView[];

  @ApiProperty({ type: () => MyHouseholdView, nullable: true, description: 'the household (户内共享), when the caller belongs to an active one' })
  household: MyHouseholdView | null;
}

/** a share event touching the caller's holdings, with its organization */
export class MyShareEventView {
  @ApiProperty({ type: 'string' })
  orgId: string;

  @ApiProperty({ type: () => ShareEventListItem })
  event: ShareEventListItem;
}
