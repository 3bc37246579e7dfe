import { describe, expect, it } from "vitest";
import { formatFileSize } from "../../../app/utils/file-size";

describe("file size", () => {
  it("uses decimal units: 1 kB is 1000 bytes, 1 MB is 1000 kB", () => {
    expect(formatFileSize(0, "en")).toBe("0 byte");
    expect(formatFileSize(15, "en")).toBe("15 byte");
    expect(formatFileSize(999, "en")).toBe("999 byte");
    expect(formatFileSize(1000, "en")).toBe("1 kB");
    expect(formatFileSize(1024, "en")).toBe("1 kB");
    expect(formatFileSize(1536, "en")).toBe("1.5 kB");
    expect(formatFileSize(2_400_000, "en")).toBe("2.4 MB");
    expect(formatFileSize(25 * 1024 * 1024, "en")).toBe("26.2 MB");
    expect(formatFileSize(3_200_000_000, "en")).toBe("3.2 GB");
  });

  it("moves to the next unit rather than showing 1,000 of the smaller one", () => {
    expect(formatFileSize(999_960, "en")).toBe("1 MB");
    expect(formatFileSize(999_940, "en")).toBe("999.9 kB");
  });

  it("writes the number the way the viewer's language does", () => {
    expect(formatFileSize(2_400_000, "zh-TW")).toBe("2.4 MB");
    expect(formatFileSize(2_400_000, "de")).toBe("2,4 MB");
  });
});
