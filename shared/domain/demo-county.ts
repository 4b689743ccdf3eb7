// Demo County (示例县), the jurisdiction the platform ships with: how it counts time,
// its agencies with their superiors, its petition categories with their default lead
// agencies, and its regions. Seeded into the table when the store has no reference data
// (the local runtime at start, `npm run seed` on AWS).
import type { JurisdictionTime } from "./jurisdiction.js";
import type { Agency, Category, RoutingRule } from "./routing.js";

export const demoJurisdictionTime: JurisdictionTime = {
  timeZone: "Asia/Shanghai",
  // Demo County follows the regulation's defaults throughout; a county that, say, counts
  // its acknowledge period in working days would set { acknowledge: { length: 10, unit: "working" } }.
  clocks: {},
  restDayRollsForward: true,
};

export const demoAgencies: Agency[] = [
  {
    id: "bureau",
    name: "County Petition Bureau",
    nameZh: "县信访局",
    superior: "city-bureau",
    level: "county",
  },
  {
    id: "gov",
    name: "County People's Government",
    nameZh: "县人民政府",
    superior: "city-gov",
    level: "county",
  },
  {
    id: "hrss",
    name: "Human Resources and Social Security Bureau",
    nameZh: "人社局",
    superior: "gov",
    level: "county",
  },
  { id: "natres", name: "Natural Resources Bureau", nameZh: "自然资源局", superior: "gov", level: "county" },
  {
    id: "housing",
    name: "Housing and Urban-Rural Development Bureau",
    nameZh: "住建局",
    superior: "gov",
    level: "county",
  },
  {
    id: "ecoenv",
    name: "Ecology and Environment Bureau",
    nameZh: "生态环境局",
    superior: "gov",
    level: "county",
  },
  { id: "sasac", name: "State-owned Assets Bureau", nameZh: "国资局", superior: "gov", level: "county" },
  { id: "police", name: "Public Security Bureau", nameZh: "公安局", superior: "gov", level: "county" },
  { id: "health", name: "Health Commission", nameZh: "卫健委", superior: "gov", level: "county" },
  { id: "city-bureau", name: "City Petition Bureau", nameZh: "市信访局", level: "city" },
  { id: "city-gov", name: "City People's Government", nameZh: "市人民政府", level: "city" },
];

export const demoCategories: Category[] = [
  { id: "labor-social-security", name: "Labour and social security", nameZh: "劳动和社会保障" },
  { id: "land-acquisition", name: "Land acquisition", nameZh: "土地征收" },
  { id: "housing-demolition", name: "Housing and demolition", nameZh: "住房和拆迁" },
  { id: "soe-restructuring", name: "SOE restructuring", nameZh: "国企改制" },
  { id: "environment", name: "Environment", nameZh: "生态环境" },
  { id: "public-security", name: "Public security", nameZh: "公安" },
  { id: "health", name: "Health", nameZh: "卫生健康" },
  { id: "other", name: "Other", nameZh: "其他" },
];

export const demoRegions = ["chengguan", "xiangshan", "industrial-park"];

export const demoRoutingRules: RoutingRule[] = [
  { category: "labor-social-security", region: "*", lead: "hrss", cohandlers: [] },
  { category: "land-acquisition", region: "*", lead: "natres", cohandlers: [] },
  { category: "housing-demolition", region: "*", lead: "housing", cohandlers: [] },
  { category: "soe-restructuring", region: "*", lead: "sasac", cohandlers: ["hrss"] },
  { category: "environment", region: "*", lead: "ecoenv", cohandlers: [] },
  { category: "public-security", region: "*", lead: "police", cohandlers: [] },
  { category: "health", region: "*", lead: "health", cohandlers: [] },
  // `other` has no rule: the bureau names the agency.
];
