import { MigrationInterface, QueryRunner } from "typeorm";

/** The books: ledgers, accounts, periods, vouchers and lines, balances. Generated from the entities, plus the triggers in BOOKS_TRIGGERS. */

export class Books1795716572338 implements MigrationInterface {
    name = 'Books1795716572338'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ledgers" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(20) NOT NULL, "chart" character varying(10) NOT NULL, "start_period" character(7) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_ledgers_start_period" CHECK (start_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'), CONSTRAINT "ck_ledgers_kind" CHECK (kind IN ('collective','public')), CONSTRAINT "PK_8bbfae032d46cdf554db11624d3" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledgers_name" ON "ledgers"  ("org_id", "name") `);
        await queryRunner.query(`CREATE TABLE "accounts" ("org_id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(100) NOT NULL, "category" character varying(20) NOT NULL, "normal_side" character varying(6) NOT NULL, "contra" boolean NOT NULL DEFAULT false, "parent_code" character varying(20), "is_leaf" boolean NOT NULL DEFAULT true, "needs_counterparty" boolean NOT NULL DEFAULT false, CONSTRAINT "ck_accounts_code" CHECK (code ~ '^[0-9]{3}([0-9]{2})*$'), CONSTRAINT "ck_accounts_normal_side" CHECK (normal_side IN ('debit','credit','both')), CONSTRAINT "PK_c874653da23ef2df179c786fe07" PRIMARY KEY ("org_id", "ledger_id", "code"))`);
        await queryRunner.query(`CREATE TABLE "periods" ("org_id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "period" character(7) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "last_voucher_number" integer NOT NULL DEFAULT '0', "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_periods_status" CHECK (status IN ('open','closed')), CONSTRAINT "PK_0c7d40f08a17743f099e52a960d" PRIMARY KEY ("org_id", "ledger_id", "period"))`);
        await queryRunner.query(`CREATE TABLE "opening_balances" ("org_id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "account_code" character varying(20) NOT NULL, "debit" numeric(20,2) NOT NULL DEFAULT '0', "credit" numeric(20,2) NOT NULL DEFAULT '0', CONSTRAINT "ck_opening_balances_side" CHECK (debit >= 0 AND credit >= 0 AND NOT (debit <> 0 AND credit <> 0)), CONSTRAINT "PK_7e56ed8a081029a8bcad7436e49" PRIMARY KEY ("org_id", "ledger_id", "account_code"))`);
        await queryRunner.query(`CREATE TABLE "vouchers" ("org_id" uuid NOT NULL, "id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "period" character(7) NOT NULL, "voucher_date" date NOT NULL, "memo" character varying(200) NOT NULL, "attachments" integer NOT NULL DEFAULT '0', "status" character varying(10) NOT NULL, "number" integer, "source" character varying(20) NOT NULL, "reverses_id" uuid, "source_ref" character varying(100), "prepared_by" uuid, "reviewed_by" uuid, "posted_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "posted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_vouchers_attachments" CHECK (attachments >= 0), CONSTRAINT "ck_vouchers_number" CHECK ((status = 'posted') = (number IS NOT NULL)), CONSTRAINT "ck_vouchers_period" CHECK (period = to_char(voucher_date, 'YYYY-MM')), CONSTRAINT "ck_vouchers_source" CHECK (source IN ('manual','reversal','closing','distribution','payment','share_event')), CONSTRAINT "ck_vouchers_status" CHECK (status IN ('draft','reviewed','posted')), CONSTRAINT "PK_f6eab9c8ad36c296b4924f4b9d2" PRIMARY KEY ("org_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "ix_vouchers_ledger_period" ON "vouchers"  ("org_id", "ledger_id", "period", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_reverses" ON "vouchers"  ("org_id", "reverses_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_number" ON "vouchers"  ("org_id", "ledger_id", "period", "number") `);
        await queryRunner.query(`CREATE TABLE "journal_lines" ("org_id" uuid NOT NULL, "voucher_id" uuid NOT NULL, "line_no" integer NOT NULL, "ledger_id" uuid NOT NULL, "account_code" character varying(20) NOT NULL, "debit" numeric(20,2) NOT NULL DEFAULT '0', "credit" numeric(20,2) NOT NULL DEFAULT '0', "memo" character varying(200), "shareholder_id" uuid, "household_id" uuid, "counterparty" character varying(100), CONSTRAINT "ck_journal_lines_one_side" CHECK ((debit <> 0) <> (credit <> 0)), CONSTRAINT "PK_d08bb334c3cd15a0af407faa8b7" PRIMARY KEY ("org_id", "voucher_id", "line_no"))`);
        await queryRunner.query(`CREATE INDEX "ix_journal_lines_account" ON "journal_lines"  ("org_id", "ledger_id", "account_code") `);
        await queryRunner.query(`CREATE TABLE "account_balances" ("org_id" uuid NOT NULL, "ledger_id" uuid NOT NULL, "account_code" character varying(20) NOT NULL, "period" character(7) NOT NULL, "debit" numeric(20,2) NOT NULL DEFAULT '0', "credit" numeric(20,2) NOT NULL DEFAULT '0', CONSTRAINT "PK_dcca55d2051d233fb0583f2ce97" PRIMARY KEY ("org_id", "ledger_id", "account_code", "period"))`);
        await queryRunner.query(`ALTER TABLE "ledgers" ADD CONSTRAINT "fk_ledgers_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "fk_accounts_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "periods" ADD CONSTRAINT "fk_periods_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "opening_balances" ADD CONSTRAINT "fk_opening_balances_account" FOREIGN KEY ("org_id", "ledger_id", "account_code") REFERENCES "accounts"("org_id","ledger_id","code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "vouchers" ADD CONSTRAINT "fk_vouchers_ledger" FOREIGN KEY ("org_id", "ledger_id") REFERENCES "ledgers"("org_id","id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_voucher" FOREIGN KEY ("org_id", "voucher_id") REFERENCES "vouchers"("org_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_account" FOREIGN KEY ("org_id", "ledger_id", "account_code") REFERENCES "accounts"("org_id","ledger_id","code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        for (const statement of BOOKS_TRIGGERS) await queryRunner.query(statement);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const fn of ['journal_lines_guard', 'journal_lines_balanced', 'vouchers_have_lines', 'vouchers_guard', 'vouchers_post_balances', 'opening_balances_balanced']) {
            await queryRunner.query(`DROP FUNCTION IF EXISTS ${fn}() CASCADE`);
        }
        await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_account"`);
        await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_voucher"`);
        await queryRunner.query(`ALTER TABLE "vouchers" DROP CONSTRAINT "fk_vouchers_ledger"`);
        await queryRunner.query(`ALTER TABLE "opening_balances" DROP CONSTRAINT "fk_opening_balances_account"`);
        await queryRunner.query(`ALTER TABLE "periods" DROP CONSTRAINT "fk_periods_ledger"`);
        await queryRunner.query(`ALTER TABLE "accounts" DROP CONSTRAINT "fk_accounts_ledger"`);
        await queryRunner.query(`ALTER TABLE "ledgers" DROP CONSTRAINT "fk_ledgers_org"`);
        await queryRunner.query(`DROP TABLE "account_balances"`);
        await queryRunner.query(`DROP INDEX "public"."ix_journal_lines_account"`);
        await queryRunner.query(`DROP TABLE "journal_lines"`);
        await queryRunner.query(`DROP INDEX "public"."uq_vouchers_number"`);
        await queryRunner.query(`DROP INDEX "public"."uq_vouchers_reverses"`);
        await queryRunner.query(`DROP INDEX "public"."ix_vouchers_ledger_period"`);
        await queryRunner.query(`DROP TABLE "vouchers"`);
        await queryRunner.query(`DROP TABLE "opening_balances"`);
        await queryRunner.query(`DROP TABLE "periods"`);
        await queryRunner.query(`DROP TABLE "accounts"`);
        await queryRunner.query(`DROP INDEX "public"."uq_ledgers_name"`);
        await queryRunner.query(`DROP TABLE "ledgers"`);
    }

}

/**
 * SPEC §3.2–3.4 in the database itself. Errors are raised as "CODE: message" (SQLSTATE P0001), which
 * the API's error filter turns into the same stable codes the services use.
 */
const BOOKS_TRIGGERS = [
    // Lines: only on drafts; leaf accounts of the same ledger; positive amounts, negative (红字) only on a reversal.
    `CREATE FUNCTION journal_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE v record; a record;
     BEGIN
       IF TG_OP IN ('UPDATE', 'DELETE') THEN
         SELECT status INTO v FROM vouchers WHERE org_id = OLD.org_id AND id = OLD.voucher_id;
         IF FOUND AND v.status <> 'draft' THEN
           RAISE EXCEPTION 'VOUCHER_IMMUTABLE: lines of a % voucher cannot be changed', v.status;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
       END IF;
       SELECT status, reverses_id, ledger_id INTO v FROM vouchers WHERE org_id = NEW.org_id AND id = NEW.voucher_id;
       IF v.status <> 'draft' THEN
         RAISE EXCEPTION 'VOUCHER_IMMUTABLE: lines of a % voucher cannot be changed', v.status;
       END IF;
       IF NEW.ledger_id <> v.ledger_id THEN
         RAISE EXCEPTION 'ACCOUNT_NOT_FOUND: line account belongs to another ledger';
       END IF;
       SELECT is_leaf INTO a FROM accounts WHERE org_id = NEW.org_id AND ledger_id = NEW.ledger_id AND code = NEW.account_code;
       IF FOUND AND NOT a.is_leaf THEN
         RAISE EXCEPTION 'ACCOUNT_NOT_LEAF: account % has sub-accounts; post to a sub-account', NEW.account_code;
       END IF;
       IF v.reverses_id IS NULL AND (NEW.debit < 0 OR NEW.credit < 0) THEN
         RAISE EXCEPTION 'AMOUNT_NEGATIVE: amounts are positive except on a reversal voucher';
       END IF;
       IF v.reverses_id IS NOT NULL AND (NEW.debit > 0 OR NEW.credit > 0) THEN
         RAISE EXCEPTION 'AMOUNT_NOT_RED: the lines of a reversal voucher are negative (红字)';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER trg_journal_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_lines
       FOR EACH ROW EXECUTE FUNCTION journal_lines_guard()`,

    // Σdebit = Σcredit and at least two lines, checked at commit (deferred), whatever wrote the lines.
    `CREATE FUNCTION journal_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE o uuid; vid uuid; d numeric; c numeric; n integer;
     BEGIN
       IF TG_OP = 'DELETE' THEN o := OLD.org_id; vid := OLD.voucher_id; ELSE o := NEW.org_id; vid := NEW.voucher_id; END IF;
       IF NOT EXISTS (SELECT 1 FROM vouchers WHERE org_id = o AND id = vid) THEN RETURN NULL; END IF;
       SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) INTO d, c, n
         FROM journal_lines WHERE org_id = o AND voucher_id = vid;
       IF d <> c THEN
         RAISE EXCEPTION 'VOUCHER_UNBALANCED: debits % and credits % differ', d, c;
       END IF;
       IF n < 2 THEN
         RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines';
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE CONSTRAINT TRIGGER trg_journal_lines_balanced AFTER INSERT OR UPDATE OR DELETE ON journal_lines
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_lines_balanced()`,
    `CREATE FUNCTION vouchers_have_lines() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM vouchers WHERE org_id = NEW.org_id AND id = NEW.id)
          AND (SELECT count(*) FROM journal_lines WHERE org_id = NEW.org_id AND voucher_id = NEW.id) < 2 THEN
         RAISE EXCEPTION 'VOUCHER_TOO_FEW_LINES: a voucher needs at least two lines';
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE CONSTRAINT TRIGGER trg_vouchers_have_lines AFTER INSERT ON vouchers
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION vouchers_have_lines()`,

    // Lifecycle: created as drafts; reviewed by someone else; posted only from reviewed (manual) and only
    // into an open period (checked under a share lock on the period row, which closing locks exclusively);
    // posted vouchers never change and are never deleted.
    `CREATE FUNCTION vouchers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE p record;
     BEGIN
       IF TG_OP = 'DELETE' THEN
         IF OLD.status <> 'draft' THEN
           RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a % voucher cannot be deleted', OLD.status;
         END IF;
         RETURN OLD;
       END IF;
       IF TG_OP = 'INSERT' THEN
         IF NEW.status <> 'draft' THEN
           RAISE EXCEPTION 'VOUCHER_INVALID_STATE: vouchers are created as drafts';
         END IF;
         RETURN NEW;
       END IF;
       IF OLD.status = 'posted' THEN
         RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a posted voucher cannot be changed';
       END IF;
       IF OLD.status = 'reviewed' AND NEW.status <> 'posted' THEN
         RAISE EXCEPTION 'VOUCHER_IMMUTABLE: a reviewed voucher cannot be changed';
       END IF;
       IF NEW.status <> OLD.status AND (NEW.org_id, NEW.ledger_id, NEW.period, NEW.voucher_date, NEW.memo, NEW.attachments, NEW.source, NEW.reverses_id, NEW.prepared_by)
            IS DISTINCT FROM (OLD.org_id, OLD.ledger_id, OLD.period, OLD.voucher_date, OLD.memo, OLD.attachments, OLD.source, OLD.reverses_id, OLD.prepared_by) THEN
         RAISE EXCEPTION 'VOUCHER_IMMUTABLE: only the status changes on review or posting';
       END IF;
       IF NEW.status = 'reviewed' AND (NEW.reviewed_by IS NULL OR NEW.reviewed_by = NEW.prepared_by) THEN
         RAISE EXCEPTION 'REVIEWER_IS_PREPARER: a voucher is reviewed by someone other than its preparer';
       END IF;
       IF NEW.status = 'posted' THEN
         IF NEW.source = 'manual' AND OLD.status <> 'reviewed' THEN
           RAISE EXCEPTION 'VOUCHER_NOT_REVIEWED: a voucher is reviewed before it is posted';
         END IF;
         SELECT status INTO p FROM periods WHERE org_id = NEW.org_id AND ledger_id = NEW.ledger_id AND period = NEW.period FOR SHARE;
         IF NOT FOUND OR p.status <> 'open' THEN
           RAISE EXCEPTION 'PERIOD_CLOSED: period % is closed', NEW.period;
         END IF;
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER trg_vouchers_guard BEFORE INSERT OR UPDATE OR DELETE ON vouchers
       FOR EACH ROW EXECUTE FUNCTION vouchers_guard()`,

    // Balances are maintained in the posting transaction by the database, whatever code path posts.
    `CREATE FUNCTION vouchers_post_balances() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO account_balances (org_id, ledger_id, account_code, period, debit, credit)
         SELECT org_id, ledger_id, account_code, NEW.period, sum(debit), sum(credit)
           FROM journal_lines WHERE org_id = NEW.org_id AND voucher_id = NEW.id
          GROUP BY org_id, ledger_id, account_code ORDER BY account_code
       ON CONFLICT (org_id, ledger_id, account_code, period)
         DO UPDATE SET debit = account_balances.debit + EXCLUDED.debit, credit = account_balances.credit + EXCLUDED.credit;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER trg_vouchers_post_balances AFTER UPDATE ON vouchers
       FOR EACH ROW WHEN (OLD.status <> 'posted' AND NEW.status = 'posted') EXECUTE FUNCTION vouchers_post_balances()`,

    // Opening balances (建账) balance per ledger, at commit.
    `CREATE FUNCTION opening_balances_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE o uuid; l uuid; d numeric; c numeric;
     BEGIN
       IF TG_OP = 'DELETE' THEN o := OLD.org_id; l := OLD.ledger_id; ELSE o := NEW.org_id; l := NEW.ledger_id; END IF;
       SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO d, c FROM opening_balances WHERE org_id = o AND ledger_id = l;
       IF d <> c THEN
         RAISE EXCEPTION 'OPENING_UNBALANCED: opening debits % and credits % differ', d, c;
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE CONSTRAINT TRIGGER trg_opening_balances_balanced AFTER INSERT OR UPDATE OR DELETE ON opening_balances
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION opening_balances_balanced()`,
];
