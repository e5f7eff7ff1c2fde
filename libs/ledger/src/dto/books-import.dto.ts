import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OpeningBalanceLineDto, VoucherDto } from './books.dto.js';

/**
 * POST …/ledgers/{ledgerId}/imports, for the OpenAPI document only: the body is checked by the
 * service in one pass (`readImportInput`, with the field rules of VoucherDto, LineDto and
 * OpeningBalanceLineDto), because class-validator took 1.25 s over 50,000 lines.
 */
export class ImportBooksDto {
  @ApiPropertyOptional({
    type: [OpeningBalanceLineDto],
    description: '建账: replaces the opening balances, as POST …/opening-balances (only before the first posting); at most 5,000 lines',
  })
  openingBalances?: OpeningBalanceLineDto[];

  @ApiProperty({
    type: [VoucherDto],
    description: 'History to post as it stands: each voucher is numbered in its month after the existing ones (date order, then this order). At most 50,000 lines in all.',
  })
  vouchers: VoucherDto[];
}
