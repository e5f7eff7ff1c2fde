/** What the fixed-asset and resource routes answer (the OpenAPI document names these views: AssetView, RegisterRowView …). */
export interface Asset {
  id: string;
  ledgerId: string;
  cardNo: string;
  name: string;
  category: string;
  spec: string | null;
  location: string | null;
  custodian: string | null;
  purpose: Purpose;
  expenseAccount: string;
  acquisitionType: string;
  sourceVoucherId: string | null;
  cost: string;
  salvageRate: string;
  salvage: string;
  inServiceDate: string;
  method: 'straight_line' | 'units';
  usefulLifeMonths: number;
  totalUnits: string | null;
  monthlyAmount: string;
  openingAccumulated: string;
  openingThrough: string | null;
  accumulated: string;
  netValue: string;
  unitsUsed: string;
  state: AssetState;
  disposedOn: string | null;
  disposalVoucherId: string | null;
}

export interface AssetDetail extends Asset {
  states: { seq: number; state: AssetState; since: string; note: string | null }[];
}

export interface DepreciationLine {
  assetId: string;
  cardNo: string;
  name: string;
  period: string;
  runId: string | null;
  voucherId: string;
  amount: string;
  units: string | null;
  accumulatedAfter: string;
}

export interface RegisterRow {
  assetId: string;
  cardNo: string;
  name: string;
  category: string;
  location: string | null;
  inServiceDate: string;
  cost: string;
  accumulated: string;
  netValue: string;
  state: AssetState;
}

export interface Run {
  id: string;
  period: string;
  voucherId: string | null;
  total: string;
  cards: number;
}

export interface Resource {
  id: string;
  number: string;
  type: string;
  name: string;
  location: string | null;
  boundaries: string | null;
  areaMu: string;
  areaM2: string;
  certificateNo: string | null;
  currentUse: ResourceUse;
  note: string | null;
}

export type Purpose = 'production' | 'operating' | 'leased' | 'management' | 'public_welfare';
export type AssetState = 'in_use' | 'idle' | 'leased_out' | 'under_repair' | 'disposed';
export type ResourceUse = 'self_run' | 'contracted_out' | 'leased' | 'idle' | 'requisitioned';

export const STATE: Record<AssetState, { text: string; color: string }> = {
  in_use: { text: '在用', color: 'green' },
  idle: { text: '闲置', color: 'default' },
  leased_out: { text: '出租', color: 'blue' },
  under_repair: { text: '维修中', color: 'orange' },
  disposed: { text: '已处置', color: 'red' },
};

/** The purpose decides the depreciation expense account (SPEC §8). */
export const PURPOSE: Record<Purpose, string> = {
  production: '生产用（401 生产成本）',
  operating: '经营用（511 经营支出）',
  leased: '出租用（511 经营支出）',
  management: '管理用（513 管理费用）',
  public_welfare: '公益用（514 公益支出）',
};

export const ACQUISITION: Record<string, string> = { purchase: '购入', self_built: '自建', donated: '接受捐赠', transfer_in: '调入', opening: '建账期初' };

export const METHOD: Record<string, string> = { straight_line: '年限平均法', units: '工作量法' };

/**
 * The categories offered on a new card, each with its default life in months: the tax minimum
 * lives (企业所得税法实施条例 第六十条), which SPEC §8 names as the defaults.
 */
export const CATEGORIES: { name: string; months: number }[] = [
  { name: '房屋建筑物', months: 240 },
  { name: '机器设备', months: 120 },
  { name: '器具工具家具', months: 60 },
  { name: '运输工具', months: 48 },
  { name: '电子设备', months: 36 },
];

export const RESOURCE_TYPES = ['耕地', '林地', '园地', '草地', '水面', '滩涂', '四荒地', '集体建设用地', '经济发展用地', '其他'] as const;

export const USE: Record<ResourceUse, string> = { self_run: '自营', contracted_out: '发包', leased: '出租', idle: '闲置', requisitioned: '被征收' };


/** POST …/assets/runs/preview: a month's depreciation as the run would post it (RunPreviewView). */
export interface RunPreviewLine {
  assetId: string;
  cardNo: string;
  name: string;
  method: 'straight_line' | 'units';
  totalUnits: string | null;
  unitsUsed: string;
  units: string | null;
  amount: string;
  accumulatedAfter: string;
}

export interface RunPreview {
  period: string;
  total: string;
  cards: number;
  lines: RunPreviewLine[];
}
