import { mkdir } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_DELEGATE_EMAIL, DEMO_ORGANIZER_EMAIL, DEMO_STAFF_EMAIL } from "../../db/seed/demo";
import { formatBadgeCode } from "../../lib/badge-code";
import { browserAvailable, launchChromium, pageOfItsOwn, serveAppInBrowser, signInAs } from "../support/browser";

const EVENT = "/events/ctpat-2011";
const MEMBER = "Huang Ya-ting";
const MEMBER_NATIVE = "黃雅婷";
const WORKSHOP = "Supply Chain Security - A Global Perspective";
const DAY = "2011-03-29";
const PHONE = { width: 390, height: 844 };
const SHOTS = "/tmp/e2e-shots";

describe.skipIf(!browserAvailable())("delegates, seats and check-in in Chromium (built server, demo data, SQLite)", () => {
  const app = serveAppInBrowser();
  // Staff and organizer each sign in in a browser context of their own, beside the delegate's.
  let chromium: Browser | undefined;
  const otherProblems: string[] = [];
  beforeAll(async () => {
    chromium = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
  }, 60_000);

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    if (!chromium) throw new Error("Chromium did not start");
    return pageOfItsOwn(chromium, otherProblems, options);
  }

  const signIn = (page: Page, email: string, path: string) => signInAs(page, app.server().url, email, path);

  /** The one number in a text such as "249 seats left" or "3 of 41 checked in here" that `pattern` captures. */
  async function numberIn(page: Page, pattern: RegExp): Promise<number> {
    const text = (await page.getByText(pattern).textContent()) ?? "";
    const match = pattern.exec(text);
    if (!match) throw new Error(`"${text}" does not match ${pattern}`);
    return Number(match[1]);
  }

  test(
    "a head registers a new member and takes a seat; staff on a phone check the member in by badge code; the attendance figures count them",
    async () => {
      const server = app.server();
      const delegate = app.page();

      // 1. The head of the Taiwan delegation adds a new person to it and registers them.
      await signIn(delegate, DEMO_DELEGATE_EMAIL, `${EVENT}/delegations/tw/members`);
      await delegate.getByLabel("Name in Latin script").fill(MEMBER);
      await delegate.getByLabel("Name in its own script").fill(MEMBER_NATIVE);
      await delegate.getByRole("button", { name: "Add the person" }).click();
      await delegate.getByRole("status").filter({ hasText: `${MEMBER} was added to the directory and to the delegation.` }).waitFor();
      const memberRow = delegate.getByRole("listitem").filter({ hasText: MEMBER });
      await memberRow.getByText("Not registered").waitFor();
      await memberRow.getByLabel("Registration category").selectOption({ label: "Foreign customs administration" });
      await memberRow.getByRole("button", { name: "Register", exact: true }).click();
      await delegate.getByRole("status").filter({ hasText: `${MEMBER} is registered.` }).waitFor();
      await memberRow.getByText("Registered: Confirmed").waitFor();

      await delegate.goto(`${server.url}${EVENT}/delegations/tw`);
      const delegationRow = delegate.getByRole("row", { name: new RegExp(MEMBER) });
      const cells = await delegationRow.getByRole("cell").allTextContents();
      expect([cells[0], cells[1], cells.at(-1)]).toEqual([`${MEMBER} (${MEMBER_NATIVE})`, "Member", "Confirmed"]);

      // 2. From the agenda of the 29th, the head opens a 15:00 workshop and takes a seat in it.
      await delegate.goto(`${server.url}${EVENT}?day=${DAY}`);
      await delegate.getByRole("link", { name: WORKSHOP, exact: true }).click();
      await delegate.waitForURL(/\/events\/ctpat-2011\/sessions\/\d+$/);
      const seats = delegate.getByRole("region", { name: "Seats" });
      const seatsLeft = /^(\d+) seats? left$/;
      const leftBefore = await numberIn(delegate, seatsLeft);
      await seats.getByRole("button", { name: "Take a seat" }).click();
      await delegate.waitForURL(/\/sessions\/\d+\?seat=seated$/);
      await seats.getByRole("status").filter({ hasText: "Your seat is booked." }).waitFor();
      await seats.getByText("You have a seat in this session.").waitFor();
      await seats.getByRole("button", { name: "Give up my seat" }).waitFor();
      expect(await numberIn(delegate, seatsLeft)).toBe(leftBefore - 1);

      // No page shows a member's badge code to their head: it is printed on the badge, read here.
      const { badge_code: badgeCode } = await app
        .db()
        .selectFrom("registrations")
        .innerJoin("people", "people.id", "registrations.person_id")
        .innerJoin("events", "events.id", "registrations.event_id")
        .select("registrations.badge_code")
        .where("events.slug", "=", "ctpat-2011")
        .where("people.name", "=", MEMBER)
        .executeTakeFirstOrThrow();

      // 3. Door staff on a phone check the new member in on the 29th by typing the printed code.
      const staff = await newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
      await signIn(staff, DEMO_STAFF_EMAIL, `${EVENT}/check-in`);
      await staff.getByRole("combobox", { name: "Checking in at" }).selectOption(`day:${DAY}`);
      await staff.getByRole("button", { name: "Show", exact: true }).click();
      await staff.waitForURL((url) => url.searchParams.get("place") === `day:${DAY}`);
      const checkedInHere = /^(\d+) of \d+ checked in here$/;
      // The demo checked the Taiwan delegation's three members in that morning.
      expect(await numberIn(staff, checkedInHere)).toBe(3);
      await staff.screenshot({ path: `${SHOTS}/check-in-phone.png`, fullPage: true });

      const answer = staff.getByRole("status").filter({ hasText: MEMBER });
      await staff.getByLabel("Badge code").fill(formatBadgeCode(badgeCode));
      await staff.getByRole("button", { name: "Check in", exact: true }).click();
      await expect.poll(() => answer.textContent()).toMatch(/^✓ Checked in/);
      expect(await answer.textContent()).toContain(MEMBER_NATIVE);
      await expect.poll(() => numberIn(staff, checkedInHere)).toBe(4);
      await staff.screenshot({ path: `${SHOTS}/check-in-phone-answer.png`, fullPage: true });

      await staff.getByLabel("Badge code").fill(formatBadgeCode(badgeCode));
      await staff.getByRole("button", { name: "Check in", exact: true }).click();
      await expect.poll(() => answer.textContent()).toMatch(/^✓ Already checked in at \d{2}:\d{2}/);
      await staff.screenshot({ path: `${SHOTS}/check-in-phone-again.png`, fullPage: true });
      expect(await numberIn(staff, checkedInHere)).toBe(4);
      expect(await staff.getByRole("button", { name: new RegExp(`^Undo the check-in of ${MEMBER} at`) }).count()).toBe(1);
      // Nothing on the phone is wider than its screen.
      expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

      // 4. The organizer's attendance figures count four at the door on the 29th, in the table and in its CSV.
      const organizer = await newPage({ viewport: { width: 1280, height: 800 } });
      await signIn(organizer, DEMO_ORGANIZER_EMAIL, `${EVENT}/manage/attendance`);
      const perDay = organizer.getByRole("table", { name: "Per day" });
      await perDay.waitFor();
      expect(await perDay.getByRole("columnheader").allTextContents()).toEqual(["Day", "Registered", "Checked in", "No-shows"]);
      const dayRow = perDay.getByRole("row", { name: new RegExp(`^${DAY}`) });
      const shown = [await dayRow.getByRole("rowheader").textContent(), ...(await dayRow.getByRole("cell").allTextContents())];
      expect(shown[0]).toBe(DAY);
      expect(shown[2]).toBe("4");

      const perSession = organizer.getByRole("table", { name: "Per session" });
      const seatsTakenColumn = (await perSession.getByRole("columnheader").allTextContents()).indexOf("Seats taken");
      expect(seatsTakenColumn).toBeGreaterThan(0);
      const workshopRow = perSession.getByRole("row").filter({ hasText: WORKSHOP });
      expect(await workshopRow.getByRole("cell").nth(seatsTakenColumn - 1).textContent()).toBe("1");

      const csvLink = organizer.getByRole("link", { name: "Download CSV of “Per day”" });
      const href = await csvLink.getAttribute("href");
      expect(href).toBe(`${EVENT}/manage/attendance.csv?table=days`);
      const csv = await organizer.request.get(`${server.url}${href}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
      const records = parse(await csv.text(), { bom: true }) as string[][];
      expect(records[0]).toEqual(["Day", "Registered", "Checked in", "No-shows"]);
      expect(records.find((record) => record[0] === DAY)).toEqual(shown);

      // One live check-in at the door that day, however many times the code was typed.
      const doorCheckIns = await app
        .db()
        .selectFrom("check_ins")
        .innerJoin("registrations", "registrations.id", "check_ins.registration_id")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("registrations.badge_code", "=", badgeCode)
        .where("check_ins.day", "=", DAY)
        .where("check_ins.session_id", "is", null)
        .where("check_ins.undone_at", "is", null)
        .executeTakeFirstOrThrow();
      expect(Number(doorCheckIns.count)).toBe(1);

      expect([...app.problems(), ...otherProblems], `output of the server:\n${server.output()}`).toEqual([]);
    },
    180_000,
  );
});
