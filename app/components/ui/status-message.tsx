import type { ReactNode } from "react";

/**
 * A polite live region that stays in the page whether or not it has anything to say, so that a
 * save confirmation or a new result count appearing in it is announced (WCAG 4.1.3): a region
 * that is itself added along with its text is often not.
 */
export function StatusMessage({ children, className = "notice" }: { children?: ReactNode; className?: string }) {
  const empty = children === null || children === undefined || children === false || children === "";
  return (
    <div role="status" className={empty ? "status-empty" : className}>
      {empty ? null : children}
    </div>
  );
}
