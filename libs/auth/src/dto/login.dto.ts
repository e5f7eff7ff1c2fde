import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'accountant' })
  @IsString()
  @Length(1, 100)
  username: string;

  @ApiProperty({ example: 'demo-accountant-pass' })
  @IsString()
  @Length(1, 200)
  password: string;
}
