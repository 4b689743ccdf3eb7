// The Chinese strings of the bureau's oversight pages (Escalations, Meetings, Statistics),
// the charts, the regions' names and the services' refusals in words: part of the one Chinese
// catalogue, ./zh.ts. Terms follow the glossary (shared/GLOSSARY.md).
import { MAX_EXTENSION_DAYS } from "../../domain/handling-effects.js";
import { MEETING_HANDLE_DAYS } from "../../domain/oversight-effects.js";
import { REPORT_BACK_DAYS } from "../../domain/routing-effects.js";

export const zhOversight = {
  /** Demo County's regions; a region the catalogue does not name is shown by its id. */
  regionNames: {
    chengguan: "城关镇",
    xiangshan: "象山乡",
    "industrial-park": "产业园区",
  } as Partial<Record<string, string>>,

  /** A service's refusal in words: by the rule a 422 names, or by what a 409 says. */
  problems: {
    rules: {
      "case-on-agenda": "该案件不在这次会议的议程上。",
      "cohandler-new": "该单位已经在办理此案件。",
      "known-agency": "所选单位不能承办此案件，或没有这个单位。",
      "known-category": "没有这个类别。",
      "known-region": "没有这个区域。",
      "rate-a-reply": "只有书面答复可以评价。",
      "received-not-in-future": "收到时间不能晚于现在。",
      "repeat-of-known-case": "没有这个原案件。",
      "repeat-of-open-case": "重复信访只能关联到尚未办结的案件。",
      "repeat-same-petitioner-and-matter": "重复信访须是同一信访人、同一类别的事项。",
      "supervision-due-in-future": "督办期限须晚于现在。",
      "idempotency-key-reuse": "这张表单已用不同内容提交过；请重新打开表单再提交。",
      "case-size": "案件记录已接近容量上限；较长的材料请作为备注或附件添加。",
      "extension-max-30-days": `延期为 1 至 ${MAX_EXTENSION_DAYS} 天（《信访工作条例》第三十四条）。`,
      "extension-once": "此案件已经延期过一次（《信访工作条例》第三十四条）。",
      "window-not-pausable": "申请期和异议期属于信访人或单位的权利期间，不能暂停。",
      "review-pause-hearing-only": "复查、复核期限只扣除听证时间（《信访工作条例》第三十五、三十六条）。",
      "handle-days": `联席会议确定的办理期限为 ${MEETING_HANDLE_DAYS.min} 至 ${MEETING_HANDLE_DAYS.max} 天。`,
      "report-back-days": `交办反馈期限为 ${REPORT_BACK_DAYS.min} 至 ${REPORT_BACK_DAYS.max} 天。`,
      "respondent-never-routed":
        "被投诉单位不能办理、复查或复核针对它的信访事项（《信访工作条例》第三十条）。",
      "superior-exists": "该单位没有可以复查或复核的上级机关。",
      "routing-rule-exists": "没有适用于此类别和区域的转送规则：请指定主办单位。",
    },
    statusRefuses: (status: string) => `案件当前状态为“${status}”，不接受此操作。`,
  },

  escalations: {
    heading: "督办与升级",
    intro: "超期升级、职责争议和挂牌督办的案件，按责任单位分组，最早到期的在前。",
    lists: { L1: "L1", L2: "L2", L3: "L3", dispute: "争议", supervised: "挂牌督办" },
    describe: {
      L1: () => "期限已到期、尚未完成：通知承办人、单位负责人和包案领导。",
      L2: (days: number) => `超期超过 ${days} 天：信访局挂牌督办。`,
      L3: (days: number) => `超期超过 ${days} 天，或挂牌督办后再次超期：提交联席会议。`,
      dispute: (days: number) => `单位对职责提出异议、尚待裁定；${days} 个工作日内未裁定的提交联席会议。`,
      supervised: () => "信访局挂牌督办中的案件，直至联席会议作出决定。",
    },
    columns: { case: "案件", clock: "期限", due: "到期时间", overdue: "超期情况" },
    disputeClock: "职责争议（提交会议期限）",
    lateBy: (days: number) => `逾期 ${days} 天后完成`,
    daysToMeeting: (days: number) => (days === 0 ? "今天到期" : `还剩 ${days} 天`),
    empty: "没有案件。",
    more: (list: string) => `${list}：更多案件`,
    all: "返回全部列表",
    count: (n: number) => `${n} 件`,
  },

  meetings: {
    heading: "联席会议",
    empty: "没有您可以查看的联席会议。",
    columns: { title: "会议", date: "日期", status: "状态", members: "成员单位", items: "议题" },
    statuses: { open: "未结束", closed: "已结束" },
    convene: {
      heading: "召开联席会议",
      title: "会议名称",
      date: "日期",
      members: "成员单位",
      submit: "召开会议",
    },
    facts: { date: "日期", status: "状态", chair: "主持人", members: "成员单位", present: "出席单位" },
    agenda: "议程",
    noItems: "议程上没有您可以查看的议题。",
    itemColumns: { case: "案件", category: "类别", reason: "列入原因", added: "列入时间", outcome: "决定" },
    reasons: { escalated: "升级督办（L3）", dispute: "职责争议", joint_handling: "会办" },
    decided: (lead: string) => `由 ${lead} 主办`,
    decidedWith: (cohandlers: string) => `，${cohandlers} 协办`,
    decidedDays: (days: number) => `，${days} 天内办结`,
    decidedLeader: (leader: string) => `，包案领导 ${leader}`,
    undecided: "待决定",
    carriedOver: "未决定，顺延至下次会议",
    finishedBefore: "未决定，案件已在会前办结",
    decision: {
      heading: (code: string) => `${code} 的决定`,
      lead: "主办单位",
      cohandlers: "协办单位",
      handleDays: "办理期限（天）",
      leader: "包案领导",
      note: "说明",
      submit: "记录决定",
    },
    sanctions: "约谈与通报",
    noSanctions: "没有约谈或通报。",
    sanction: {
      heading: "约谈或通报",
      agency: "单位",
      kind: "方式",
      kinds: { summons: "约谈", circulated_notice: "通报" },
      reason: "理由",
      submit: "记录约谈或通报",
    },
    close: { heading: "结束会议", present: "出席单位", submit: "结束会议" },
    minutes: "下载会议纪要",
    done: {
      decision: "决定已记录，案件正转交新的主办单位。",
      sanction: "约谈或通报已记录。",
      close: "会议已结束，未决定的议题顺延至下次会议。",
      convene: "会议已召开，等待中的案件已列入议程。",
    },
    back: "全部会议",
  },

  statistics: {
    heading: "统计",
    period: (from: string, to: string) => `统计期间：${from} 至 ${to}。`,
    rates: "各项比率",
    rateNames: {
      acknowledgedOnTime: "按期受理率",
      concludedOnTime: "按期办结率",
      backlog: "积累率",
      satisfaction: "满意率",
    },
    byMonth: "各月案件量",
    byCategory: "按类别的案件量",
    byRegion: "按区域的案件量",
    byChannel: "按渠道的案件量",
    received: "收到",
    concluded: "办结",
    month: "月份",
    category: "类别",
    region: "区域",
    channel: "渠道",
    rate: "比率",
    value: "数值",
    count: "件数",
    warnings: {
      heading: "预警",
      type: "预警类型",
      subject: "类别与区域",
      figures: "数字",
      cases: "相关案件",
      hotspot: (window: "day" | "week", day: string, observed: number, expected: number) =>
        `${window === "day" ? day : `截至 ${day} 的一周`}：${observed} 件（通常约 ${expected} 件）`,
      repeat: (count: number, days: number, afterFinal: boolean) =>
        `${days} 天内同一信访人同类事项 ${count} 件${afterFinal ? "（事项已终结）" : ""}`,
    },
  },

  charts: {
    table: (title: string) => `${title}（数据表）`,
    noData: "没有数据。",
  },
};
