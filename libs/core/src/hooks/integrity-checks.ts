import { Injectable } from '@nestjs/common';

/** One reconciliation's answer: `differences` lists what disagrees (empty when ok), with exact amounts as strings. */
export interface IntegrityCheckOutcome {
  ok: boolean;
  differences: unknown[];
}

export interface IntegrityCheckResult extends IntegrityCheckOutcome {
  /** `<context>.<what>`: ledger.balances, assets.accumulated_depreciation, contracts.receivables, … */
  name: string;
}

type Group = { names: readonly string[]; run: (orgId: string, ledgerId: string) => Promise<Record<string, IntegrityCheckOutcome>> };

const NAME = /^[a-z]+\.[a-z_]+$/;

/**
 * The integrity checks of one ledger's books, as a registry (like BookHooks): the ledger's integrity
 * endpoint answers its own checks and every registered one, without importing the contexts above it
 * (assets and contracts register at module init). A check reads through its own context's published
 * reads and keeps its reads consistent itself (one snapshot where it reads twice). Checks that share
 * their reads register together (`registerAll`) and answer each name from one run.
 */
@Injectable()
export class IntegrityChecks {
  private readonly groups: Group[] = [];
  private readonly names = new Set<string>();

  register(name: string, check: (orgId: string, ledgerId: string) => Promise<IntegrityCheckOutcome>): void {
    this.registerAll([name], async (orgId, ledgerId) => ({ [name]: await check(orgId, ledgerId) }));
  }

  registerAll<N extends string>(names: readonly N[], run: (orgId: string, ledgerId: string) => Promise<Record<N, IntegrityCheckOutcome>>): void {
    for (const name of names) {
      if (!NAME.test(name)) throw new Error(`integrity check name ${name} is not <context>.<what>`);
      if (this.names.has(name)) throw new Error(`integrity check ${name} is registered twice`);
    }
    for (const name of names) this.names.add(name);
    this.groups.push({ names, run });
  }

  /** The names registered, by name. */
  registered(): string[] {
    return this.groups.flatMap((g) => [...g.names]).sort();
  }

  /** Every registered check of a ledger, by name (not by module init order); the groups are independent, so they run side by side. */
  async run(orgId: string, ledgerId: string): Promise<IntegrityCheckResult[]> {
    const answers = await Promise.all(this.groups.map((g) => g.run(orgId, ledgerId)));
    return this.groups
      .flatMap((g, i) =>
        g.names.map((name) => {
          const outcome = answers[i][name];
          if (!outcome) throw new Error(`integrity check ${name} gave no answer`);
          return { name, ok: outcome.ok, differences: outcome.differences };
        }),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
