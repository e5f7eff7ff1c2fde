import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsDecimalString } from '@app/core';
import { ORG_KINDS, type OrgKind } from '../organization.entity.js';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'N2441900MA0000001F', description: '统一社会信用代码 (18 characters, GB 32100 check character)' })
  @IsString()
  code: string;

  @ApiProperty({ example: '东城街道温塘股份经济联合社' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORG_KINDS })
  @IsIn(ORG_KINDS as unknown as string[])
  kind: OrgKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'a town for a union; a union for a cooperative' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: 7, description: '公示 days' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  noticeDays?: number;

  @ApiPropertyOptional({ example: '10.00', description: 'minimum 公积公益金 percent of profit, 0–100' })
  @IsOptional()
  @IsDecimalString({ scale: 2, allowZero: true, maxIntegerDigits: 3, max: '100' })
  minReservePercent?: string;
}

export class OrganizationView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  code: string;

  @ApiProperty({ type: 'string' })
  name: string;

  @ApiProperty({ enum: ['town', 'union', 'cooperative'] })
  kind: 'town' | 'union' | 'cooperative';

  @ApiProperty({ type: 'string', nullable: true })
  parentId: string | null;

  @ApiProperty({ type: 'string' })
  createdAt: string;
}

export interface SettingsView {
  noticeDays: number;
  minReservePercent: string;
}
