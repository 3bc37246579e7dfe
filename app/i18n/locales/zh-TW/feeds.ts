import type { feeds as english } from "../en/feeds";
import type { TranslationShape } from "../../shape";

export const feeds: TranslationShape<typeof english> = {
  title: "行事曆訂閱",
  intro: "您個人行程與代表團行程的私人行事曆網址，行事曆應用程式會自動更新。任何取得網址的人都能讀取該行事曆：請妥善保管，若已外流請撤銷。",
  yourFeeds: "您的訂閱",
  none: "您尚未建立任何行事曆訂閱。",
  kind: {
    person: "我的行程",
    delegation: "代表團行程",
  },
  kindSeparator: "：",
  created: "建立時間",
  lastUsed: "行事曆應用程式最近讀取",
  neverUsed: "尚未讀取",
  inactive: "此網址已失效：您已不再參與該活動或代表團。請撤銷，或另建新的訂閱。",
  addressLost: "此網址建立於伺服器金鑰變更之前，已無法再顯示。已訂閱此網址的行事曆仍會更新；若要重新訂閱，請撤銷後建立新網址。",
  revoke: "撤銷",
  revokeLabel: "撤銷訂閱 {{subject}} · {{event}}",
  notices: {
    created: "新的訂閱已建立，可在下方訂閱。",
    revoked: "已撤銷訂閱，其網址不再回應。",
  },
  create: {
    heading: "建立新的訂閱",
    intro: "您參與的每個活動，都可建立個人行程的訂閱（您擔任講者或已取得座位的場次、您的雙邊會談）；若您是代表團成員，也可建立代表團行程的訂閱。",
    person: "建立我的行程訂閱",
    delegation: "建立「{{delegation}}」的行程訂閱",
    noChoices: "目前沒有可建立訂閱的活動。訂閱僅提供給參與活動（列於議程、已報名或為代表團成員）的名錄人員，且您的帳號須已連結至您本人。",
  },
  errors: {
    notEntitled: "無法建立此訂閱：您未參與此活動，或在此活動中不屬於任何代表團。",
    tooMany: "此活動的訂閱已達 {{max}} 個：請先撤銷其中一個。",
  },
};
