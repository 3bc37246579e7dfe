import type { agenda as english } from "../en/agenda";
import type { TranslationShape } from "../../shape";

export const agenda: TranslationShape<typeof english> = {
  sessionType: {
    plenary: "全體會議",
    keynote: "專題演講",
    panel: "座談",
    workshop: "工作坊",
    meeting: "會議",
    ceremony: "典禮",
    break: "休息",
    reception: "酒會",
    other: "其他",
  },
  sessionStatus: { scheduled: "已排定", tentative: "暫定", cancelled: "已取消" },
  personRole: { speaker: "講者", moderator: "主持人", panelist: "與談人", chair: "主席", host: "主辦" },
  organizationKind: {
    customs: "海關",
    government: "政府機關",
    international: "國際組織",
    company: "企業",
    association: "公協會",
    mission: "駐外機構",
  },
};
