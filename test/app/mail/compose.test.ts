import { describe, expect, it } from "vitest";
import { composeMail } from "../../../app/mail/compose";

describe("composeMail", () => {
  const hostile = `<script>alert("x")</script> & 'quotes'`;

  it("writes the text body with the action's link and the footer", () => {
    const mail = composeMail({
      language: "en",
      subject: "Welcome",
      paragraphs: ["Dear Wen,", "Line one\nline two"],
      action: { label: "Set your password", url: "https://plenary.test/welcome/abc" },
      footer: "Plenary",
    });
    expect(mail.text).toBe("Dear Wen,\n\nLine one\nline two\n\nSet your password:\nhttps://plenary.test/welcome/abc\n\n--\nPlenary\n");
  });

  it("escapes every piece of text in the HTML body and marks its language", () => {
    const mail = composeMail({
      language: "zh-TW",
      subject: hostile,
      paragraphs: [hostile],
      action: { label: hostile, url: `https://plenary.test/?a=1&b="2"` },
      footer: hostile,
    });
    expect(mail.html).toContain('<html lang="zh-TW">');
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain(`"x"`);
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(mail.html).toContain('href="https://plenary.test/?a=1&amp;b=&quot;2&quot;"');
    // The text body is plain text: nothing to escape there.
    expect(mail.text).toContain(hostile);
  });

  it("keeps the subject on one line", () => {
    const mail = composeMail({ language: "en", subject: "Hello\r\nBcc: victim@example.test\u2028x", paragraphs: [] });
    expect(mail.subject).toBe("Hello Bcc: victim@example.test x");
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
