import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/auth';
import { CurrentPrincipal, RequirePermission, UuidPipe } from '@app/core';
import type { Principal } from '@app/core';
import { BooksImportService } from './books-import.service.js';
import { ImportBooksDto } from './dto/books-import.dto.js';

/** The path of the import route, for its own JSON body limit (apps/api bootstrap). */
export const IMPORT_ROUTE = 'orgs/:orgId/ledgers/:ledgerId/imports';

@ApiTags('books')
@ApiBearerAuth()
@Controller(IMPORT_ROUTE)
export class BooksImportController {
  constructor(private readonly imports: BooksImportService) {}

  /** Importing history is the accountant's job (books.manage). The body is typed `unknown` so the global pipe leaves it to the service. */
  @Post()
  @RequirePermission(Permission.BooksManage)
  @ApiBody({ type: ImportBooksDto })
  import(@Param('orgId', UuidPipe) orgId: string, @Param('ledgerId') ledgerId: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.imports.import(orgId, ledgerId, body, p.userId);
  }
}
