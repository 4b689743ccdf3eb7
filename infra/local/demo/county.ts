// Demo County's (示例县) people and matters as the demo plays them: the bureau's and the
// agencies' callers, who takes a case an agency refuses, the mix of categories, channels
// and regions, and the names and matters petitions are drawn from.
import { demoAgencies, demoRoutingRules } from "../../../shared/domain/demo-county.js";
import type { Channel } from "../../../shared/domain/model.js";
import type { Caller } from "./client.js";

export const INTAKE: Caller = { sub: "intake@bureau", agency: "bureau", roles: ["intake"] };
export const COORDINATOR: Caller = { sub: "coordinator@bureau", agency: "bureau", roles: ["coordinator"] };
export const LEADER: Caller = { sub: "leader@gov", agency: "gov", roles: ["leader"] };
export const handlerOf = (agency: string): Caller => ({
  sub: `handler@${agency}`,
  agency,
  roles: ["handler"],
});
export const headOf = (agency: string): Caller => ({ sub: `head@${agency}`, agency, roles: ["agency_head"] });

export const superiorOf = (agency: string) => demoAgencies.find((a) => a.id === agency)?.superior;
export const defaultRoute = (category: string) =>
  demoRoutingRules.find((r) => r.category === category && r.region === "*");
/** The joint meeting's member agencies. */
export const MEMBERS = ["gov", "hrss", "natres", "housing", "ecoenv", "sasac", "police", "health"];
/** Who the bureau or the meeting turns to when the default lead says "not ours". */
export const ALTERNATE: Record<string, string> = {
  "labor-social-security": "sasac",
  "soe-restructuring": "hrss",
  "land-acquisition": "housing",
  "housing-demolition": "natres",
  environment: "natres",
  "public-security": "gov",
  health: "hrss",
  other: "gov",
};
/** A second agency for joint handling (会办): the alternate, but housing for matters of no category. */
export const PARTNER: Record<string, string> = { ...ALTERNATE, other: "housing" };

/** Weights for drawing a petition's category, channel and region. */
export const CATEGORIES: [string, number][] = [
  ["labor-social-security", 24],
  ["housing-demolition", 16],
  ["land-acquisition", 12],
  ["environment", 12],
  ["public-security", 10],
  ["health", 10],
  ["soe-restructuring", 8],
  ["other", 8],
];
export const CHANNELS: [Channel, number][] = [
  ["visit", 30],
  ["phone", 25],
  ["online", 25],
  ["letter", 15],
  ["leader_mailbox", 5],
];
export const REGIONS: [string, number][] = [
  ["chengguan", 45],
  ["xiangshan", 30],
  ["industrial-park", 25],
];
export const REGION_ZH: Record<string, string> = {
  chengguan: "城关镇",
  xiangshan: "象山乡",
  "industrial-park": "工业园区",
};

export const MATTERS: Record<string, string[]> = {
  "labor-social-security": [
    "Unpaid wages at a construction site (工程欠薪)",
    "Gap in pension contributions (养老保险断缴)",
    "Work-injury recognition (工伤认定)",
    "Unemployment benefit refused (失业保险金)",
  ],
  "land-acquisition": [
    "Compensation for requisitioned farmland (征地补偿)",
    "Resettlement subsidy not paid (安置补助费)",
    "Ownership of collective land (土地权属)",
  ],
  "housing-demolition": [
    "Relocation compensation for an old house (拆迁补偿)",
    "Property certificate delayed (不动产证办理)",
    "Leaking roofs in a resettlement block (安置房质量)",
    "Developer late to hand over flats (逾期交房)",
  ],
  "soe-restructuring": [
    "Severance after restructuring (改制安置)",
    "Seniority buy-out disputed (工龄买断)",
    "Retirees' medical insurance after restructuring (改制退休人员医保)",
  ],
  environment: [
    "Dust from a quarry (采石场扬尘)",
    "Night-time noise from a factory (夜间噪声)",
    "Wastewater into the river (污水排放)",
    "Odour from a pig farm (养殖异味)",
  ],
  "public-security": [
    "Household registration transfer (户口迁移)",
    "Reported theft not followed up (报案处理)",
    "Traffic accident liability (交通事故认定)",
  ],
  health: [
    "Dispute with the county hospital (医疗纠纷)",
    "Village doctors' subsidy (乡村医生补助)",
    "Medical insurance reimbursement (医保报销)",
  ],
  other: ["Village road in disrepair (村道维修)", "Street lighting (路灯)", "Bus route withdrawn (公交线路)"],
};

export const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"];
export const GIVEN = [..."建国伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉梅红春海燕志"];
