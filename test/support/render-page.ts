import { createRemixStub } from "@remix-run/testing";
import { createInstance } from "i18next";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { vi } from "vitest";
import { i18nConfig } from "../../app/i18n/config";

/** A route's page as the server renders it, from the data its loader (and action) returned. */
export async function renderRoutePage(
  Component: ComponentType,
  { pattern, path, loaderData, actionData, language = "en" }: { pattern: string; path: string; loaderData: unknown; actionData?: unknown; language?: string },
): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
  const Stub = createRemixStub([{ id: "page", path: pattern, Component, loader: () => loaderData as object, action: () => (actionData ?? null) as object | null }]);
  // React warns about the router's useLayoutEffect on every link rendered on the server: noise here.
  const consoleError = console.error;
  const quiet = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) consoleError(...args);
  });
  try {
    return renderToString(
      createElement(
        I18nextProvider,
        { i18n },
        createElement(Stub, { initialEntries: [path], hydrationData: { loaderData: { page: loaderData }, actionData: actionData ? { page: actionData } : undefined } }),
      ),
    );
  } finally {
    quiet.mockRestore();
  }
}
