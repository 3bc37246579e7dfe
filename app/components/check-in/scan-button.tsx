import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// The Barcode Detection API is not in TypeScript's DOM library yet.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorConstructor | null {
  return typeof window !== "undefined" && "BarcodeDetector" in window ? (window as unknown as { BarcodeDetector: BarcodeDetectorConstructor }).BarcodeDetector : null;
}

const SCAN_INTERVAL_MS = 250;

/**
 * Reads a badge's QR code with the camera, where the browser can (BarcodeDetector), and hands the
 * code on as if typed. Without the API, or without JavaScript, there is no button: typing the
 * code or searching the name does the same.
 */
export function ScanButton({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation("checkin");
  const [supported, setSupported] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => setSupported(barcodeDetector() !== null && Boolean(navigator.mediaDevices?.getUserMedia)), []);

  useEffect(() => {
    const Detector = barcodeDetector();
    if (!scanning || !Detector) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const detector = new Detector({ formats: ["qr_code"] });
    const look = async () => {
      if (stopped || !video.current) return;
      try {
        const [found] = await detector.detect(video.current);
        if (found?.rawValue && !stopped) {
          setScanning(false);
          onCodeRef.current(found.rawValue);
          return;
        }
      } catch {
        // A frame that is not ready yet; the next one will do.
      }
      timer = setTimeout(look, SCAN_INTERVAL_MS);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        void look();
      })
      .catch(() => {
        setFailed(true);
        setScanning(false);
      });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning]);

  if (!supported) return null;
  return (
    <div className="check-in-scan">
      <button
        type="button"
        className={scanning ? undefined : "primary"}
        aria-pressed={scanning}
        onClick={() => {
          setFailed(false);
          setScanning((on) => !on);
        }}
      >
        {scanning ? t("scan.stop") : t("scan.start")}
      </button>
      {scanning ? <video ref={video} className="check-in-video" aria-label={t("scan.video")} muted playsInline /> : null}
      {failed ? <p role="alert">{t("scan.failed")}</p> : null}
    </div>
  );
}
