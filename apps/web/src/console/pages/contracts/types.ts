/** What the contracts routes answer (the OpenAPI document names these views). */
export interface Party {
  kind: 'person' | 'company';
  name: string;
  idCode: string;
  phone: string | null;
}

export interface Bill {
  seq: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  contractYear: number;
  months: number;
  monthlyAmount: string;
  amount: string;
  received: string;
  outstanding: string;
  accrued: boolean;
}

export interface Receipt {
  id: string;
  date: string;
  amount: string;
  applied: { seq: number; dueDate: string; amount: string }[];
}

export interface Contract {
  id: string;
  ledgerId: string;
  number: string;
  title: string;
  status: 'draft' | 'active' | 'expired' | 'terminated';
  startDate: string;
  endDate: string;
  billingCycle: string;
  monthlyRent: string;
  escalationPercent: string;
  deposit: string;
  counterparty: string;
  tradeId: string | null;
  totalRent: string;
  outstanding: string;
  overdue: string;
  expiringSoon: boolean;
  depositReceived: boolean;
  parties: Party[];
  objects: { description: string; area: string | null }[];
}

export interface ContractDetail extends Contract {
  schedule: Bill[];
  receipts: Receipt[];
}

export interface AgingRow {
  contractId: string;
  contractNumber: string;
  counterparty: string;
  notDue: string;
  d1to30: string;
  d31to90: string;
  d91to180: string;
  over180: string;
  total: string;
}

export interface Trade {
  id: string;
  number: string;
  title: string;
  object: { description: string; area: string | null };
  reservePrice: string;
  increment: string;
  status: 'open' | 'completed' | 'failed';
  failureReason: string | null;
  winnerBidderId: string | null;
  winningAmount: string | null;
  contractId: string | null;
  lastBid: string | null;
  bidders: (Party & { id: string })[];
  bids: { seq: number; bidderId: string; bidderName: string; amount: string; at: string }[];
}

export const STATUS: Record<Contract['status'], { text: string; color: string }> = {
  draft: { text: '草拟', color: 'default' },
  active: { text: '履行中', color: 'green' },
  expired: { text: '已到期', color: 'orange' },
  terminated: { text: '已解除', color: 'red' },
};

export const CYCLE: Record<string, string> = { monthly: '按月', quarterly: '按季', yearly: '按年' };
