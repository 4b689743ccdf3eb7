// The Chinese strings of what officers asked for on the inbox: saved views, bulk routing and
// the CSV export. Part of the one Chinese catalogue, ./zh.ts.

export const zhOfficer = {
  views: {
    heading: "我的视图",
    none: "还没有保存的视图：设好筛选后，起个名字保存，下次一点即可打开。",
    name: "视图名称",
    save: "保存视图",
    saveHint: (summary: string) => `保存当前已应用的筛选：${summary}。同名视图将被替换。`,
    filterPart: (label: string, value: string) => `${label}：${value}`,
    allOpen: "全部未结案件",
    delete: "删除视图",
    saved: "视图已保存。",
    deleted: "视图已删除。",
    full: (max: number) => `您已保存 ${max} 个视图，已达上限；请先删除一个再保存。`,
    busy: "您的视图正在别处同时修改，请重试。",
  },

  bulkRoute: {
    selectColumn: "选择",
    select: (code: string) => `选择 ${code}`,
    submit: "转交所选",
    hint: (max: number) => `勾选“已登记”的案件，按转交规则逐件转交；一次最多 ${max} 件。`,
    heading: "批量转交结果",
    summary: (routed: number, refused: number) => `已转交 ${routed} 件，未转交 ${refused} 件。`,
    columns: { code: "编号", title: "事项", result: "结果", why: "说明" },
    routed: "已转交",
    routedTo: (agency: string) => `已按规则转交${agency}，正在送达。`,
    refused: "未转交",
    reasons: {
      alreadyRouted: (status: string) =>
        `已不是“已登记”状态（现为“${status}”）：已转交过，或在此期间有了其他进展。`,
      noRule: "没有适用于该类别和区域的转交规则：请在案件页面转交并指定单位。",
      respondent: "按规则会转给被投诉单位：请在案件页面转交给其他单位。",
      unknownAgency: "规则指定的单位不能接收案件：请在案件页面指定单位。",
      notFound: "没有这个案件，或者您无权查看。",
      forbidden: "您的角色不能转交此案件。",
      busy: "案件正被他人同时更新，请稍后重试。",
      other: "不符合规则。",
      failed: (id: string) => `系统内部错误，此案件未转交。参考编号：${id}`,
    },
    none: "没有勾选案件：请先勾选要转交的案件，再点“转交所选”。",
    tooMany: (max: number, n: number) => `勾选了 ${n} 件，一次最多转交 ${max} 件；未转交任何案件。`,
    registered: "查看已登记案件",
  },

  exportCsv: {
    link: "导出 CSV",
    hint: (max: number) => `导出当前筛选的全部页（最多 ${max} 行），不含信访人身份信息。`,
    columns: {
      code: "编号",
      title: "事项",
      status: "状态",
      category: "类别",
      region: "区域",
      channel: "渠道",
      received: "收到时间",
      lead: "主办单位",
      clock: "最近期限",
      due: (zone: string) => `到期时间（${zone}）`,
      overdue: "是否超期",
    },
    cut: (rows: number) =>
      `导出未完整：本文件只含按收件箱顺序的前 ${rows} 行，请缩小筛选范围后导出其余案件。`,
  },
};
