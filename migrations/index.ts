import { Foundation1795715881988 } from './1795715881988-Foundation.js';
import { Books1795716572338 } from './1795716572338-Books.js';
import { ShareRegister1795717921033 } from './1795717921033-ShareRegister.js';
import { Distribution1795718905973 } from './1795718905973-Distribution.js';
import { ShareConservation1795720500000 } from './1795720500000-ShareConservation.js';
import { TriggerPlans1795721000000 } from './1795721000000-TriggerPlans.js';
import { PlanNotice1795725404386 } from './1795725404386-PlanNotice.js';
import { AllocationsAtScale1795726000000 } from './1795726000000-AllocationsAtScale.js';
import { BooksBulkImport1795726300000 } from './1795726300000-BooksBulkImport.js';
import { ShareHistory1795726400000 } from './1795726400000-ShareHistory.js';
import { LineDimensionKeys1795727000000 } from './1795727000000-LineDimensionKeys.js';
import { ListKeysets1795727100000 } from './1795727100000-ListKeysets.js';
import { RegisterQueries1795730000000 } from './1795730000000-RegisterQueries.js';
import { Assets1795731000000 } from './1795731000000-Assets.js';
import { Contracts1795732000000 } from './1795732000000-Contracts.js';
import { Supervision1795733000000 } from './1795733000000-Supervision.js';
import { PlanApprovedOn1795736000000 } from './1795736000000-PlanApprovedOn.js';
import { AssetRequired1795737300000 } from './1795737300000-AssetRequired.js';
import { TriggerPlansRegisters1795737400000 } from './1795737400000-TriggerPlansRegisters.js';

/** Every migration in order. New migrations are added here explicitly. */
export const MIGRATIONS: Function[] = [Foundation1795715881988, Books1795716572338, ShareRegister1795717921033, Distribution1795718905973, ShareConservation1795720500000, TriggerPlans1795721000000, PlanNotice1795725404386, AllocationsAtScale1795726000000, BooksBulkImport1795726300000, ShareHistory1795726400000, LineDimensionKeys1795727000000, ListKeysets1795727100000, RegisterQueries1795730000000, Assets1795731000000, Contracts1795732000000, Supervision1795733000000, PlanApprovedOn1795736000000, AssetRequired1795737300000, TriggerPlansRegisters1795737400000];
