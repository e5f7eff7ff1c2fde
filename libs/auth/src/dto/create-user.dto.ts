import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '@app/core';

export class GrantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orgId: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[])
  role: Role;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.kuaiji', description: '3-50 characters: lower-case letters, digits, . _ -' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,49}$/, { message: 'username must be 3-50 characters of a-z, 0-9, . _ -' })
  username: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 200)
  password: string;

  @ApiProperty({ type: [GrantDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants: GrantDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'For the shareholder role: the shareholder record of this person' })
  @IsOptional()
  @IsUUID()
  shareholderId?: string;
}

export class AddGrantsDto {
  @ApiProperty({ type: [GrantDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants: GrantDto[];
}

export class UserGrantView {
  @ApiProperty({ type: 'string' })
  orgId: string;

  @ApiProperty({ type: 'string' })
  role: string;
}

export class UserView {
  @ApiProperty({ type: 'string' })
  id: string;

  @ApiProperty({ type: 'string' })
  username: string;

  @ApiProperty({ type: 'boolean' })
  isAdmin: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  shareholderId: string | null;

  @ApiProperty({ type: () => [UserGrantView] })
  grants: UserGrantView[];
}
