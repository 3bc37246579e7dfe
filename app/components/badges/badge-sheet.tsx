import { useTranslation } from "react-i18next";
import { AttendeeOrganization, type AttendeeView } from "~/components/check-in/attendee-details";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { formatBadgeCode } from "../../../lib/badge-code";

export const BADGES_PER_PAGE = [4, 8] as const;
export type BadgesPerPage = (typeof BADGES_PER_PAGE)[number];

export interface BadgeView extends AttendeeView {
  personId: number;
  badgeCode: string;
  /** The QR code of `badgeCode` as an image address (data:image/svg+xml). */
  qr: string;
}

/** One badge: names in both scripts, organization, delegation, category, and the code as QR and text. */
export function NameBadge({ badge }: { badge: BadgeView }) {
  const { t, i18n } = useTranslation("checkin");
  const code = formatBadgeCode(badge.badgeCode);
  return (
    <article className="name-badge" aria-label={badge.name}>
      <p className="name-badge-name">{badge.name}</p>
      {badge.nameNative && badge.nameNative !== badge.name ? (
        <p className="name-badge-native">
          <NativeName name={badge.nameNative} language={i18n.language} />
        </p>
      ) : null}
      <p className="name-badge-organization">
        <AttendeeOrganization attendee={badge} />
      </p>
      {badge.delegationEn || badge.delegationZh ? (
        <p className="name-badge-delegation">
          <BilingualText en={badge.delegationEn} zh={badge.delegationZh} language={i18n.language} />
        </p>
      ) : null}
      {badge.categoryEn || badge.categoryZh ? (
        <p className="name-badge-category">
          <BilingualText en={badge.categoryEn} zh={badge.categoryZh} language={i18n.language} />
        </p>
      ) : null}
      <p className="name-badge-code">
        <img src={badge.qr} alt={t("badges.qrAlt", { code })} width={96} height={96} />
        <span>
          <span className="visually-hidden">{t("badges.codeLabel")}: </span>
          {code}
        </span>
      </p>
    </article>
  );
}

/** Badges cut into A4 pages of `perPage`, each page a grid that prints on its own sheet. */
export function BadgeSheets({ badges, perPage }: { badges: BadgeView[]; perPage: BadgesPerPage }) {
  const { t } = useTranslation("checkin");
  const pages: BadgeView[][] = [];
  for (let start = 0; start < badges.length; start += perPage) pages.push(badges.slice(start, start + perPage));
  return (
    <div className="badge-sheets">
      {pages.map((page, index) => (
        <section key={page[0].personId} aria-label={t("badges.page", { page: index + 1 })}>
          <p className="badge-page-label" aria-hidden="true">
            {t("badges.page", { page: index + 1 })}
          </p>
          <div className={`badge-page badge-page-${perPage}`}>
            {page.map((badge) => (
              <NameBadge key={badge.personId} badge={badge} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
