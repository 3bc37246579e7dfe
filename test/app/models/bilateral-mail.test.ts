import { expect, it } from "vitest";
import { mailBilateralChange, type BilateralChange } from "../../../app/models/bilateral-mail.server";
import type { Db } from "../../../db/client";
import type { DelegationRole, MailLanguage } from "../../../db/schema";
import { describeEachEngine } from "../../support/engines";
import { insertEvent } from "../../support/app";

const HOSTILE_TOPIC = `<script>alert("x")</script> & <b>customs</b>`;
const ORIGIN = "https://plenary.example.test";

let sequence = 0;

/** A directory person; the address is made unique per call, so worlds of several tests never share one. */
async function insertPerson(
  db: Db,
  { name, nameNative = null, email, language = null }: { name: string; nameNative?: string | null; email: string | null; language?: MailLanguage | null },
) {
  sequence += 1;
  const at = new Date().toISOString();
  const row = await db
    .insertInto("people")
    .values({ name, name_native: nameNative, email: email?.replace("@", `+${sequence}@`) ?? null, language, created_at: at, updated_at: at })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email };
}

async function insertDelegation(db: Db, eventId: number, key: string, names: { en: string; zh: string | null }) {
  const at = new Date().toISOString();
  const row = await db
    .insertInto("delegations")
    .values({ event_id: eventId, key, name_en: names.en, name_zh: names.zh, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addMember(db: Db, eventId: number, delegationId: number, personId: number, role: DelegationRole) {
  await db
    .insertInto("delegation_members")
    .values({ event_id: eventId, delegation_id: delegationId, person_id: personId, role, created_at: new Date().toISOString() })
    .execute();
}

/**
 * Taiwan asks Korea for a meeting. Korea's head reads Chinese; one Korean attendee reads English
 * (no language set), another has no email, and a Korean member who does not attend is not told.
 */
async function insertMeetingWorld(db: Db) {
  const event = await insertEvent(db, { title_en: "Trade Facilitation Conference", title_zh: "貿易便捷化會議" });
  const taiwan = await insertDelegation(db, event.id, "taiwan", { en: "Taiwan", zh: "臺灣" });
  const korea = await insertDelegation(db, event.id, "korea", { en: "Korea", zh: "韓國" });
  const twHead = await insertPerson(db, { name: "Wen Wu-yen", email: "wen@customs.example.tw", language: "zh-TW" });
  const krHead = await insertPerson(db, { name: "Lin Chih-ming", nameNative: "林志明", email: "lin@customs.example.kr", language: "zh-TW" });
  const krAttendee = await insertPerson(db, { name: "Kim Jai-il", email: "kim@customs.example.kr" });
  const krSilent = await insertPerson(db, { name: "Park Soo-jin", email: null });
  const krOther = await insertPerson(db, { name: "Choi Min-ho", email: "choi@customs.example.kr", language: "en" });
  await addMember(db, event.id, taiwan, twHead.id, "head");
  await addMember(db, event.id, korea, krHead.id, "head");
  await addMember(db, event.id, korea, krAttendee.id, "member");
  await addMember(db, event.id, korea, krSilent.id, "member");
  await addMember(db, event.id, korea, krOther.id, "member");
  const place = await db
    .insertInto("bilateral_places")
    .values({ event_id: event.id, name_en: "Harbor Room", name_zh: "港灣廳", tables: 3 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const bilateral = await db
    .insertInto("bilaterals")
    .values({
      event_id: event.id,
      requester_id: taiwan,
      recipient_id: korea,
      topic: HOSTILE_TOPIC,
      length_slots: 2,
      priority: "high",
      status: "requested",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("bilateral_preferred_starts").values({ bilateral_id: bilateral.id, starts_at: "2011-03-28T20:00:00.000Z" }).execute();
  for (const person of [twHead, krAttendee, krSilent]) {
    await db
      .insertInto("bilateral_attendees")
      .values({ bilateral_id: bilateral.id, person_id: person.id, delegation_id: person === twHead ? taiwan : korea })
      .execute();
  }
  return {
    event,
    taiwan,
    korea,
    placeId: place.id,
    bilateralId: bilateral.id,
    emails: { twHead: twHead.email!, krHead: krHead.email!, krAttendee: krAttendee.email!, krOther: krOther.email! },
  };
}

type World = Awaited<ReturnType<typeof insertMeetingWorld>>;

async function outboxOf(db: Db, eventId: number) {
  return db
    .selectFrom("outbox")
    .select(["to_address", "subject", "text_body", "html_body", "language"])
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
}

async function mail(db: Db, world: World, change: BilateralChange, actingDelegationId: number | null) {
  return mailBilateralChange(db, { eventId: world.event.id, bilateralId: world.bilateralId, change, actingDelegationId, origin: ORIGIN });
}

describeEachEngine("bilateral mail", ({ db }) => {
  it("tells the other side's head and attendees with an email, once each, in their language, with the topic escaped in HTML", async () => {
    const world = await insertMeetingWorld(db());
    expect(await mail(db(), world, "requested", world.taiwan)).toBe(2);
    const mails = await outboxOf(db(), world.event.id);
    expect(mails.map((row) => row.to_address).sort()).toEqual([world.emails.krAttendee, world.emails.krHead].sort());

    const chinese = mails.find((row) => row.to_address === world.emails.krHead)!;
    expect(chinese.language).toBe("zh-TW");
    expect(chinese.subject).toBe(`臺灣提出雙邊會談邀請：${HOSTILE_TOPIC}`);
    expect(chinese.text_body).toContain("林志明 您好：");
    expect(chinese.text_body).toContain("臺灣邀請韓國於「貿易便捷化會議」期間舉行雙邊會談。");
    expect(chinese.text_body).toContain("時長：60 分鐘");
    // The preferred time in the event's zone (Los Angeles), the zone named in Chinese.
    expect(chinese.text_body).toContain("2011年3月28日週一 13:00–14:00（太平洋夏令時間）");
    expect(chinese.text_body).toContain(`${ORIGIN}/events/${world.event.slug}/bilaterals`);

    const english = mails.find((row) => row.to_address === world.emails.krAttendee)!;
    expect(english.language).toBe("en");
    expect(english.subject).toBe(`Bilateral meeting request from Taiwan: ${HOSTILE_TOPIC}`);
    expect(english.text_body).toContain("Dear Kim Jai-il,");
    expect(english.text_body).toContain(`Topic: ${HOSTILE_TOPIC}`);
    expect(english.text_body).toContain("Mon, Mar 28, 2011, 13:00–14:00 (Pacific Daylight Time)");

    for (const row of mails) {
      expect(row.html_body).not.toContain("<script>");
      expect(row.html_body).not.toContain("<b>customs</b>");
      expect(row.html_body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;customs&lt;/b&gt;");
      expect(row.html_body).toContain(`href="${ORIGIN}/events/${world.event.slug}/bilaterals"`);
    }
  });

  it("tells the requester's side when the recipient books it: the time in the event's zone, the place and the table", async () => {
    const world = await insertMeetingWorld(db());
    await db()
      .updateTable("bilaterals")
      .set({
        status: "booked",
        starts_at: "2011-03-28T21:00:00.000Z",
        ends_at: "2011-03-28T22:00:00.000Z",
        place_id: world.placeId,
        table_number: 2,
        booked_via: "agreed",
      })
      .where("id", "=", world.bilateralId)
      .execute();
    expect(await mail(db(), world, "booked", world.korea)).toBe(1);
    const [booked] = await outboxOf(db(), world.event.id);
    expect(booked).toMatchObject({ to_address: world.emails.twHead, language: "zh-TW", subject: `與韓國的雙邊會談已排定：${HOSTILE_TOPIC}` });
    expect(booked.text_body).toContain("時間：2011年3月28日週一 14:00–15:00（太平洋夏令時間）");
    expect(booked.text_body).toContain("地點：港灣廳，第 2 桌");
    expect(booked.text_body).not.toContain("希望時段");
  });

  it("tells both sides when the organizers' scheduler gives the meeting a time, each about the other delegation", async () => {
    const world = await insertMeetingWorld(db());
    await db()
      .updateTable("bilaterals")
      .set({ status: "booked", starts_at: "2011-03-28T21:00:00.000Z", ends_at: "2011-03-28T22:00:00.000Z", place_id: world.placeId, table_number: 1, booked_via: "scheduler" })
      .where("id", "=", world.bilateralId)
      .execute();
    expect(await mail(db(), world, "scheduled", null)).toBe(3);
    const mails = await outboxOf(db(), world.event.id);
    expect(mails.map((row) => row.to_address).sort()).toEqual([world.emails.twHead, world.emails.krHead, world.emails.krAttendee].sort());
    const taiwan = mails.find((row) => row.to_address === world.emails.twHead)!;
    expect(taiwan.subject).toBe(`與韓國的雙邊會談已排定：${HOSTILE_TOPIC}`);
    expect(taiwan.text_body).toContain("「貿易便捷化會議」主辦單位已為臺灣與韓國的雙邊會談排定時間、地點與桌次。");
    const korea = mails.find((row) => row.to_address === world.emails.krAttendee)!;
    expect(korea.subject).toBe(`Bilateral meeting with Taiwan scheduled: ${HOSTILE_TOPIC}`);
    expect(korea.text_body).toContain("The organizers of Trade Facilitation Conference gave the bilateral meeting of Korea with Taiwan a time, a place and a table.");
    expect(korea.text_body).toContain("Where: Harbor Room, table 1");
  });

  it("gives the reason of a decline, escaped in HTML, and names no time", async () => {
    const world = await insertMeetingWorld(db());
    const reason = `Our head is at the <i>plenary</i> & "busy"`;
    await db()
      .updateTable("bilaterals")
      .set({ status: "declined", closing_reason: reason, closed_by: world.korea })
      .where("id", "=", world.bilateralId)
      .execute();
    await mail(db(), world, "declined", world.korea);
    const [declined] = await outboxOf(db(), world.event.id);
    expect(declined.to_address).toBe(world.emails.twHead);
    expect(declined.text_body).toContain(`所附理由：${reason}`);
    expect(declined.html_body).toContain("&lt;i&gt;plenary&lt;/i&gt; &amp; &quot;busy&quot;");
    expect(declined.html_body).not.toContain("<i>plenary</i>");
    expect(declined.text_body).not.toContain("時間：");
  });

  it("mails a head who also attends once, and nobody when the acting delegation is not a side or the meeting is another event's", async () => {
    const world = await insertMeetingWorld(db());
    const krHeadId = (await db().selectFrom("people").select("id").where("email", "=", world.emails.krHead).executeTakeFirstOrThrow()).id;
    await db().insertInto("bilateral_attendees").values({ bilateral_id: world.bilateralId, person_id: krHeadId, delegation_id: world.korea }).execute();
    await db()
      .updateTable("bilaterals")
      .set({ status: "proposed", proposed_start: "2011-03-28T22:00:00.000Z", proposed_by: world.taiwan })
      .where("id", "=", world.bilateralId)
      .execute();
    expect(await mail(db(), world, "proposed", world.taiwan)).toBe(2);
    const mails = await outboxOf(db(), world.event.id);
    expect(mails.filter((row) => row.to_address === world.emails.krHead)).toHaveLength(1);
    expect(mails.find((row) => row.to_address === world.emails.krAttendee)?.text_body).toContain(
      "Proposed time: Mon, Mar 28, 2011, 15:00–16:00 (Pacific Daylight Time)",
    );

    const stranger = await insertDelegation(db(), world.event.id, "japan", { en: "Japan", zh: "日本" });
    expect(await mail(db(), world, "cancelled", stranger)).toBe(0);
    const otherEvent = await insertEvent(db());
    expect(
      await mailBilateralChange(db(), {
        eventId: otherEvent.id,
        bilateralId: world.bilateralId,
        change: "cancelled",
        actingDelegationId: world.taiwan,
        origin: ORIGIN,
      }),
    ).toBe(0);
    expect(await outboxOf(db(), world.event.id)).toHaveLength(2);
  });
});
