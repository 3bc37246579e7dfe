/**
 * Builds the two bodies of a mail (plain text and HTML) from plain content. Pure: every mail the
 * application sends goes through here, so escaping and the header rules live in one place.
 */
export interface MailContent {
  language: "en" | "zh-TW";
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A picture in the HTML part after the paragraphs (e.g. a badge's QR code as a `data:` URL); the text part leaves it out. */
  image?: { src: string; alt: string };
  footer?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/** A subject is one header line: line breaks (and other control characters) would start new headers. */
function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
}

function htmlParagraphs(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

export function composeMail(content: MailContent): { subject: string; text: string; html: string } {
  const subject = singleLine(content.subject);
  const textParts = [...content.paragraphs];
  if (content.action) textParts.push(`${content.action.label}:\n${content.action.url}`);
  if (content.footer) textParts.push(`--\n${content.footer}`);
  const text = `${textParts.join("\n\n")}\n`;

  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:underline;border-radius:4px">${escapeHtml(content.action.label)}</a></p>\n` +
      `<p style="font-size:14px;color:#374151">${escapeHtml(content.action.url)}</p>\n`
    : "";
  const image = content.image ? `<p><img src="${escapeHtml(content.image.src)}" alt="${escapeHtml(content.image.alt)}" width="200" height="200"></p>\n` : "";
  const footer = content.footer
    ? `<hr>\n<p style="font-size:14px;color:#374151">${htmlParagraphs(content.footer)}</p>\n`
    : "";
  const html =
    `<!DOCTYPE html>\n<html lang="${escapeHtml(content.language)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(subject)}</title>\n</head>\n` +
    `<body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#111827;max-width:40em;margin:0 auto;padding:16px">\n` +
    content.paragraphs.map((paragraph) => `<p>${htmlParagraphs(paragraph)}</p>\n`).join("") +
    image +
    action +
    footer +
    `</body>\n</html>\n`;
  return { subject, text, html };
}
