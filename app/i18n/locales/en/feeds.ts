export const feeds = {
  title: "Calendar feeds",
  intro:
    "Private calendar addresses for your own schedule and your delegation's, which your calendar app keeps up to date. Anyone who has an address can read that calendar: keep it to yourself, and revoke it if it has been shared.",
  yourFeeds: "Your feeds",
  none: "You have no calendar feeds yet.",
  kind: {
    person: "My schedule",
    delegation: "Delegation's schedule",
  },
  kindSeparator: ": ",
  created: "Created",
  lastUsed: "Last read by a calendar app",
  neverUsed: "Not yet",
  inactive: "This address no longer answers: you no longer take part in the event or in the delegation. Revoke it, or make a new one.",
  addressLost: "This address was made before the server's secret changed and can no longer be shown. Calendars subscribed to it still get updates; to subscribe again, revoke it and make a new one.",
  revoke: "Revoke",
  revokeLabel: "Revoke the feed {{subject}} · {{event}}",
  notices: {
    created: "Your new feed is ready: subscribe to it below.",
    revoked: "The feed is revoked: its address no longer answers.",
  },
  create: {
    heading: "Make a new feed",
    intro:
      "For each event you take part in: a feed of your own schedule (the sessions you speak at or hold a seat in, your bilateral meetings) and, as a member of a delegation, one of the delegation's.",
    person: "Make a feed of my schedule",
    delegation: "Make a feed of the schedule of {{delegation}}",
    noChoices:
      "There is no event whose feed you can make. Feeds are for people of the directory who take part in an event (on its agenda, registered, or in a delegation), and your account must be linked to your person.",
  },
  errors: {
    notEntitled: "You cannot make this feed: you do not take part in this event, or are in no delegation there.",
    tooMany: "You have {{max}} feeds for this event already: revoke one first.",
  },
};
