export const agenda = {
  sessionType: {
    plenary: "Plenary",
    keynote: "Keynote",
    panel: "Panel",
    workshop: "Workshop",
    meeting: "Meeting",
    ceremony: "Ceremony",
    break: "Break",
    reception: "Reception",
    other: "Other",
  },
  sessionStatus: { scheduled: "Scheduled", tentative: "Tentative", cancelled: "Cancelled" },
  personRole: { speaker: "Speaker", moderator: "Moderator", panelist: "Panelist", chair: "Chair", host: "Host" },
  organizationKind: {
    customs: "Customs administration",
    government: "Government agency",
    international: "International organization",
    company: "Company",
    association: "Association",
    mission: "Diplomatic mission",
  },
};
