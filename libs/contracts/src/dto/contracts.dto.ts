import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsDecimalString, IsPeriod, IsReason, PageQueryDto } from '@app/core';

const MONEY = { scale: 2, maxIntegerDigits: 18 };

export class PartyDto {
  @ApiProperty({ enum: ['person', 'company'] })
  @IsIn(['person', 'company'])
  kind: 'person' | 'company';

  @ApiProperty({ example: '张三' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '441900198001011237', description: 'person: 身份证 (GB 11643 check digit); company: 统一社会信用代码 (GB 32100 check character)' })
  @IsString()
  @Length(18, 18, { message: 'idCode must be 18 characters' })
  idCode: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+ -]{5,30}$/, { message: 'phone must be digits' })
  phone?: string;
}

export class ContractObjectDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'an asset card (fixed_assets)' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a resource (resources)' })
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @ApiProperty({ example: '第三工业区 2 号厂房' })
  @IsString()
  @Length(1, 200)
  description: string;

  @ApiPropertyOptional({ example: '1200.00', description: 'm²' })
  @IsOptional()
  @IsDecimalString({ scale: 2, maxIntegerDigits: 12 })
  area?: string;
}

export class CreateContractDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ example: 'HT-2024-001' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'number must be 1-40 letters, digits or -' })
  number: string;

  @ApiProperty({ example: '2 号厂房租赁合同' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @ApiProperty({ type: [ContractObjectDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContractObjectDto)
  objects: ContractObjectDto[];

  @ApiProperty({ example: '2024-01-01', description: 'the 1st of a month' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2026-12-31', description: 'the last day of a month' })
  @IsCalendarDate()
  endDate: string;

  @ApiProperty({ enum: ['monthly', 'quarterly', 'yearly'] })
  @IsIn(['monthly', 'quarterly', 'yearly'])
  billingCycle: 'monthly' | 'quarterly' | 'yearly';

  @ApiProperty({ example: '12000.00', description: 'the first year\'s monthly rent' })
  @IsDecimalString(MONEY)
  monthlyRent: string;

  @ApiPropertyOptional({ example: '5.00', description: 'percent added every escalationEveryYears years, from year 2' })
  @IsOptional()
  @IsDecimalString({ scale: 4, allowZero: true, maxIntegerDigits: 3, max: '100' })
  escalationPercent?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  escalationEveryYears?: number;

  @ApiPropertyOptional({ example: '24000.00' })
  @IsOptional()
  @IsDecimalString({ ...MONEY, allowZero: true })
  deposit?: string;

  @ApiPropertyOptional({ enum: ['112', '113'], description: '112 应收款 (outside tenants, the default) or 113 内部往来 (members, subordinate units)' })
  @IsOptional()
  @IsIn(['112', '113'])
  receivableAccount?: '112' | '113';
}

export class RenewContractDto {
  @ApiProperty({ example: 'HT-2027-001' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'number must be 1-40 letters, digits or -' })
  number: string;

  @ApiProperty({ example: '2029-12-31' })
  @IsCalendarDate()
  endDate: string;

  @ApiProperty({ example: '14000.00' })
  @IsDecimalString(MONEY)
  monthlyRent: string;

  @ApiPropertyOptional({ example: '5.00' })
  @IsOptional()
  @IsDecimalString({ scale: 4, allowZero: true, maxIntegerDigits: 3, max: '100' })
  escalationPercent?: string;
}

export class SignContractDto {
  @ApiProperty({ example: '2023-12-20' })
  @IsCalendarDate()
  signedOn: string;
}

export class TerminateContractDto {
  @ApiProperty({ example: '2024-06-30' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '承租方违约，双方协商解除' })
  @IsReason()
  reason: string;
}

export class ReceiptDto {
  @ApiProperty({ example: '2024-03-15' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '20000.00' })
  @IsDecimalString(MONEY)
  amount: string;

  @ApiPropertyOptional({ example: '102', description: 'the bank (or cash) account it came into' })
  @IsOptional()
  @Matches(/^10[12]([0-9]{2})*$/, { message: 'bankAccountCode must be 101/102 or a sub-account' })
  bankAccountCode?: string;
}

export class DepositDto {
  @ApiProperty({ enum: ['received', 'refunded'] })
  @IsIn(['received', 'refunded'])
  kind: 'received' | 'refunded';

  @ApiProperty({ example: '2024-01-01' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: '102' })
  @IsOptional()
  @Matches(/^10[12]([0-9]{2})*$/, { message: 'bankAccountCode must be 101/102 or a sub-account' })
  bankAccountCode?: string;
}

export class AccrualDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ example: '2024-03' })
  @IsPeriod()
  period: string;
}

export class ContractListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'active', 'expired', 'terminated'] })
  @IsOptional()
  @IsIn(['draft', 'active', 'expired', 'terminated'])
  status?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class AsOfQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2024-12-31', description: 'default: today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class IntegrityQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;
}

export class CreateTradeDto {
  @ApiProperty({ example: 'JY-2024-001' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'number must be 1-40 letters, digits or -' })
  number: string;

  @ApiProperty({ example: '3 号厂房租赁权公开竞投' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ enum: ['public_bidding', 'negotiation'] })
  @IsOptional()
  @IsIn(['public_bidding', 'negotiation'])
  method?: 'public_bidding' | 'negotiation';

  @ApiProperty({ type: ContractObjectDto })
  @ValidateNested()
  @Type(() => ContractObjectDto)
  object: ContractObjectDto;

  @ApiProperty({ example: '10000.00', description: '底价: the lowest monthly rent accepted' })
  @IsDecimalString(MONEY)
  reservePrice: string;

  @ApiProperty({ example: '200.00', description: '加价幅度: each bid beats the last by at least this' })
  @IsDecimalString(MONEY)
  increment: string;
}

export class BidderDto extends PartyDto {}

export class BidDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  bidderId: string;

  @ApiProperty({ example: '10400.00', description: 'monthly rent offered' })
  @IsDecimalString(MONEY)
  amount: string;
}

export class CompleteTradeDto {
  @ApiProperty({ example: '2024-12-20' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ example: 'HT-2025-001' })
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'number must be 1-40 letters, digits or -' })
  contractNumber: string;

  @ApiProperty({ example: '2025-01-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2027-12-31' })
  @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ enum: ['monthly', 'quarterly', 'yearly'] })
  @IsOptional()
  @IsIn(['monthly', 'quarterly', 'yearly'])
  billingCycle?: 'monthly' | 'quarterly' | 'yearly';

  @ApiPropertyOptional({ example: '5.00' })
  @IsOptional()
  @IsDecimalString({ scale: 4, allowZero: true, maxIntegerDigits: 3, max: '100' })
  escalationPercent?: string;

  @ApiPropertyOptional({ example: '20000.00' })
  @IsOptional()
  @IsDecimalString({ ...MONEY, allowZero: true })
  deposit?: string;
}

export class FailTradeDto {
  @ApiProperty({ example: '2024-12-20' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '无人报名竞投' })
  @IsReason()
  reason: string;
}

// Answers.

export class PartyView {
  @ApiProperty() kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'masked except for those who manage contracts' }) idCode: string;
  @ApiProperty({ type: 'string', nullable: true }) phone: string | null;
}

export class ContractObjectView {
  @ApiProperty({ type: 'string', nullable: true }) assetId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) resourceId: string | null;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'string', nullable: true }) area: string | null;
}

export class BillView {
  @ApiProperty() seq: number;
  @ApiProperty() periodStart: string;
  @ApiProperty() periodEnd: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() accrualPeriod: string;
  @ApiProperty() contractYear: number;
  @ApiProperty() months: number;
  @ApiProperty() monthlyAmount: string;
  @ApiProperty() amount: string;
  @ApiProperty() received: string;
  @ApiProperty() outstanding: string;
  @ApiProperty() accrued: boolean;
}

export class ContractView {
  @ApiProperty() id: string;
  @ApiProperty() ledgerId: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['draft', 'active', 'expired', 'terminated'] }) status: string;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty() billingCycle: string;
  @ApiProperty() monthlyRent: string;
  @ApiProperty() escalationPercent: string;
  @ApiProperty() escalationEveryYears: number;
  @ApiProperty() deposit: string;
  @ApiProperty() receivableAccount: string;
  @ApiProperty({ description: 'the counterparty of its 112/113 lines' }) counterparty: string;
  @ApiProperty({ type: 'string', nullable: true }) renewalOf: string | null;
  @ApiProperty({ type: 'string', nullable: true }) renewedBy: string | null;
  @ApiProperty({ type: 'string', nullable: true }) tradeId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) signedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) terminatedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) terminationReason: string | null;
  @ApiProperty({ description: 'Σ bills' }) totalRent: string;
  @ApiProperty({ description: 'Σ accrued − received' }) outstanding: string;
  @ApiProperty({ description: 'outstanding on bills past due' }) overdue: string;
  @ApiProperty({ description: 'active and ends within 30 days' }) expiringSoon: boolean;
  @ApiProperty() depositReceived: boolean;
  @ApiProperty() depositRefunded: boolean;
  @ApiProperty({ type: [PartyView] }) parties: PartyView[];
  @ApiProperty({ type: [ContractObjectView] }) objects: ContractObjectView[];
}

export class ContractDetailView extends ContractView {
  @ApiProperty({ type: [BillView] }) schedule: BillView[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) receipts: ReceiptView[];
}

export class ReceiptView {
  @ApiProperty() id: string;
  @ApiProperty() contractId: string;
  @ApiProperty() date: string;
  @ApiProperty() amount: string;
  @ApiProperty() voucherId: string;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'bills it paid, oldest due first' }) applied: { seq: number; dueDate: string; amount: string }[];
}

export class ReceivableRowView {
  @ApiProperty() contractId: string;
  @ApiProperty() contractNumber: string;
  @ApiProperty() counterparty: string;
  @ApiProperty() receivableAccount: string;
  @ApiProperty() seq: number;
  @ApiProperty() dueDate: string;
  @ApiProperty() amount: string;
  @ApiProperty() received: string;
  @ApiProperty() outstanding: string;
  @ApiProperty() daysOverdue: number;
  @ApiProperty() bucket: string;
}

export class AgingRowView {
  @ApiProperty() contractId: string;
  @ApiProperty() contractNumber: string;
  @ApiProperty() counterparty: string;
  @ApiProperty() notDue: string;
  @ApiProperty() d1to30: string;
  @ApiProperty() d31to90: string;
  @ApiProperty() d91to180: string;
  @ApiProperty() over180: string;
  @ApiProperty() total: string;
}

export class TradeBidView {
  @ApiProperty() seq: number;
  @ApiProperty() bidderId: string;
  @ApiProperty() bidderName: string;
  @ApiProperty() amount: string;
  @ApiProperty() at: string;
}

export class TradeView {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty() method: string;
  @ApiProperty({ type: ContractObjectView }) object: ContractObjectView;
  @ApiProperty() reservePrice: string;
  @ApiProperty() increment: string;
  @ApiProperty({ enum: ['open', 'completed', 'failed'] }) status: string;
  @ApiProperty({ type: 'string', nullable: true }) failureReason: string | null;
  @ApiProperty({ type: 'string', nullable: true }) winnerBidderId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) winningAmount: string | null;
  @ApiProperty({ type: 'string', nullable: true }) contractId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) closedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the highest bid so far' }) lastBid: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) bidders: (PartyView & { id: string })[];
  @ApiProperty({ type: [TradeBidView] }) bids: TradeBidView[];
}
