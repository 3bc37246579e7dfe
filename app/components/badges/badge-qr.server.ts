import QRCode from "qrcode";

/**
 * The badge code's QR code as an SVG image address. Drawn on the server (the library stays out of
 * the browser's bundle) from the code alone, which is Crockford base32: nothing typed by anyone
 * reaches the SVG. Error correction M survives a creased or scuffed badge.
 */
export async function badgeQrDataUri(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
