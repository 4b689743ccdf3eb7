// Identities and the seed's example petition, free of vitest so the benchmarks and the
// demo can load them too.
import type { Identity } from "../../shared/domain/access.js";
import type { Role } from "../../shared/domain/model.js";

/** Wed 2026-09-30 10:00 in Asia/Shanghai: the eve of the National Day holiday. */
export const T0 = new Date("2026-09-30T02:00:00Z");

export const who = (agency: string, ...roles: Role[]): Identity => ({
  sub: `${roles[0]}@${agency}`,
  agency,
  roles,
});

export const intake = who("bureau", "intake");
export const coordinator = who("bureau", "coordinator");
export const hrssHandler = who("hrss", "handler");
export const hrssHead = who("hrss", "agency_head");
export const natresHandler = who("natres", "handler");
export const auditor = who("bureau", "auditor");

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    channel: "visit",
    petitioner: {
      name: "王建国",
      idNumber: "410102197001011234",
      phone: "13800001234",
      address: "示例县城关镇幸福路1号",
    },
    headcount: 32,
    category: "labor-social-security",
    region: "industrial-park",
    title: "Bearing factory pensions",
    description: "32 workers of the county bearing factory ask about pensions and medical insurance.",
    ...overrides,
  };
}
