import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The one error page: 403, 404 and anything unexpected, in the viewer's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);

  // A refusal may name its reason (a key under `errors.`): a body too large, a cross-site post.
  const reason = isRouteErrorResponse(error) ? (error.data as { message?: unknown } | null)?.message : undefined;
  const [title, fallbackMessage] =
    status === 403 || status === 401
      ? [t("errors.forbiddenTitle"), t("errors.forbidden")]
      : status === 404
        ? [t("errors.notFoundTitle"), t("errors.notFound")]
        : status >= 400 && status < 500
          ? [t("errors.badRequestTitle"), t("errors.badRequest")]
          : [t("errors.serverTitle"), t("errors.server")];

  const message = typeof reason === "string" && reason.startsWith("errors.") && i18n.exists(reason) ? t(reason) : fallbackMessage;

  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
