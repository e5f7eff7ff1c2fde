/** What the portal reads from the /me routes (amounts and quantities as decimal strings). */
export interface Holding {
  shareholderId: string;
  shareClass: string;
  className: string;
  weight: string;
  quantity: string;
  frozen: string;
}

export interface MyHoldings {
  orgId: string;
  asOf: string | null;
  shareholder: { id: string; number: string; name: string; idNumber: string | null; member: boolean; status: string };
  holdings: Holding[];
  household: { code: string; head: boolean; members: { number: string; name: string; head: boolean; holdings: Holding[] }[] } | null;
}

export interface MyShareEvent {
  orgId: string;
  event: {
    id: string;
    type: string;
    status: string;
    effectiveDate: string;
    noticeEndsOn: string | null;
    closedReason: string | null;
    legs: { shareholderId: string; shareClass: string; quantity: string }[];
  };
}

export interface StatementDistribution {
  planId: string;
  fiscalYear: number;
  recordDate: string;
  approvedOn: string | null;
  holdings: { shareClass: string; name: string; quantity: string; weight: string; units: string }[];
  units: string;
  gross: string;
  tax: string;
  net: string;
  withheld: string;
  paid: string;
  paidAt: string | null;
}

export interface MyStatement {
  orgId: string;
  organization: string;
  shareholder: { number: string; name: string; idNumber: string | null };
  household: string | null;
  year: string;
  distributions: StatementDistribution[];
}

export interface DistributionNotice {
  orgId: string;
  organization: string;
  planId: string;
  fiscalYear: number;
  recordDate: string;
  totalAmount: string | null;
  amountPerUnit: string | null;
  noticeEndsOn: string | null;
  grossTotal: string | null;
  mine: { units: string; gross: string; tax: string; net: string; withheld: string } | null;
}
