import { z } from "zod";

/**
 * Form messages are translation keys. Every schema names its own keys; anything it does not name
 * (a tampered hidden field, a value the form never offers) falls back to this generic key rather
 * than to zod's English sentence. Imported once on the server and once in the browser.
 */
z.setErrorMap(() => ({ message: "validation.invalidValue" }));
