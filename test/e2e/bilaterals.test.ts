import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_DELEGATE_EMAIL, DEMO_KOREA_EMAIL, DEMO_ORGANIZER_EMAIL } from "../../db/seed/demo";
import { browserAvailable, launchChromium, pageOfItsOwn, serveAppInBrowser, signInAs } from "../support/browser";

const EVENT = "/events/ctpat-2011";
const TOPIC = "Follow-up on the mutual recognition road map";
const TAIWAN = "Taiwan (Directorate General of Customs)";
const KOREA = "Korea Customs Service";
const SHOTS = "/tmp/e2e-shots";

describe.skipIf(!browserAvailable())("bilateral meetings in Chromium (built server, demo data, SQLite)", () => {
  const app = serveAppInBrowser();
  // Korea's head, Taiwan's head and the organizer each sign in in a browser context of their own.
  let chromium: Browser | undefined;
  const otherProblems: string[] = [];
  beforeAll(async () => {
    chromium = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
  }, 60_000);

  async function signedIn(email: string, path: string): Promise<Page> {
    if (!chromium) throw new Error("Chromium did not start");
    const page = await pageOfItsOwn(chromium, otherProblems);
    await signInAs(page, app.server().url, email, path);
    return page;
  }

  test("Korea's head asks Taiwan for a meeting at a preferred time; Taiwan's head accepts that time; both itineraries and the organizer's matrix show it", async () => {
    const server = app.server();

    // 1. Korea's head asks for an hour with Taiwan, preferably at 13:00 on the day before the conference.
    const korea = await signedIn(DEMO_KOREA_EMAIL, `${EVENT}/bilaterals`);
    const request = korea.getByRole("region", { name: "Request a meeting", exact: true });
    await request.getByLabel("Delegation").selectOption({ label: TAIWAN });
    await request.getByLabel("Topic").fill(TOPIC);
    await request.getByLabel("Length").selectOption({ label: "60 minutes" });
    await request.getByRole("group", { name: "Mon, Mar 28, 2011" }).getByLabel("13:00").check();
    expect(await request.getByLabel("Kim Jai-il").isChecked()).toBe(true);
    await request.getByRole("button", { name: "Send the request" }).click();
    await korea.getByRole("status").filter({ hasText: "Your request was sent." }).waitFor();
    await korea.getByRole("heading", { name: "Waiting for the other delegation (1)" }).waitFor();

    // 2. Taiwan's head finds it waiting for an answer and accepts the time Korea proposed.
    const taiwan = await signedIn(DEMO_DELEGATE_EMAIL, `${EVENT}/bilaterals`);
    const incoming = taiwan.locator("article", { hasText: TOPIC });
    await incoming.getByText(`${KOREA} asked your delegation`).waitFor();
    const preferred = incoming.getByRole("group", { name: /^Time of the meeting/ }).getByLabel(/Mon, Mar 28, 2011, 13:00–14:00 .*preferred/);
    await preferred.check();
    await incoming.getByRole("button", { name: "Accept", exact: true }).click();
    await taiwan.getByRole("status").filter({ hasText: "The meeting is booked." }).waitFor();
    await taiwan.getByRole("heading", { name: "Booked meetings (4)" }).waitFor();
    await taiwan.screenshot({ path: `${SHOTS}/bilaterals-taiwan.png`, fullPage: true });

    // 3. Both itineraries hold it, on the Monday at 13:00–14:00.
    for (const [page, other] of [
      [taiwan, KOREA],
      [korea, TAIWAN],
    ] as const) {
      await page.goto(`${server.url}${EVENT}/bilaterals/itinerary`);
      const monday = page.getByRole("region", { name: "Monday, March 28, 2011", exact: true });
      const entry = monday.getByRole("listitem").filter({ hasText: `Meeting with ${other}` });
      await entry.waitFor();
      expect(await entry.textContent()).toContain("13:00–14:00");
      expect(await entry.textContent()).toContain(TOPIC);
    }
    await korea.screenshot({ path: `${SHOTS}/bilaterals-itinerary-korea.png`, fullPage: true });

    // 4. The organizer's matrix shows it as a bar in Korea's row, without its topic.
    const organizer = await signedIn(DEMO_ORGANIZER_EMAIL, `${EVENT}/manage/bilaterals/matrix`);
    const koreaRow = organizer.getByRole("row", { name: new RegExp(`^${KOREA}`) });
    const bars = koreaRow.getByRole("cell").filter({ hasText: "with Taiwan" });
    await bars.filter({ hasText: "13:00–14:00" }).waitFor();
    expect(await organizer.getByText(TOPIC).count()).toBe(0);
    await organizer.screenshot({ path: `${SHOTS}/bilaterals-matrix.png`, fullPage: true });

    // 5. The demo's minutes: Taiwan reads all three of its meetings'; Korea reads its own, not the U.S. or EU ones.
    const demoMeetings = await app
      .db()
      .selectFrom("bilaterals")
      .innerJoin("delegations", "delegations.id", "bilaterals.recipient_id")
      .innerJoin("bilateral_minutes", "bilateral_minutes.bilateral_id", "bilaterals.id")
      .select(["bilaterals.id", "delegations.key"])
      .execute();
    expect(demoMeetings.map((meeting) => meeting.key).sort()).toEqual(["eu", "kr", "us"]);
    const firstParagraph = {
      us: "CBP has run the C-TPAT conference since 2003",
      kr: "Both sides presented their AEO programmes",
      eu: "Taiwan briefed the EU on its AEO programme",
    };
    for (const { id, key } of demoMeetings) {
      const side = key as keyof typeof firstParagraph;
      const asTaiwan = await taiwan.goto(`${server.url}${EVENT}/bilaterals/${id}`);
      expect(asTaiwan?.status(), key).toBe(200);
      await taiwan.getByText(firstParagraph[side]).first().waitFor();
      const asKorea = await korea.goto(`${server.url}${EVENT}/bilaterals/${id}`);
      expect(asKorea?.status(), key).toBe(side === "kr" ? 200 : 404);
      expect((await korea.getByText(firstParagraph[side]).count()) > 0, key).toBe(side === "kr");
    }

    // Korea's two refusals above are the 404s the browser logs; anything else is a problem.
    const refused = demoMeetings.filter((meeting) => meeting.key !== "kr").map((meeting) => `404 (Not Found) (${server.url}${EVENT}/bilaterals/${meeting.id})`);
    const unexpected = otherProblems.filter((problem) => !refused.some((refusal) => problem.endsWith(refusal)));
    expect([...app.problems(), ...unexpected], `output of the server:\n${server.output()}`).toEqual([]);
  }, 180_000);
});
