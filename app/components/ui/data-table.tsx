import type { TableHTMLAttributes } from "react";

/**
 * A table of records. On a phone it scrolls sideways inside its own box, so it takes keyboard
 * focus: without it, people who do not use a pointer could not reach its hidden columns (WCAG
 * 2.1.1; axe's scrollable-region-focusable).
 */
export function DataTable({ className, ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return <table {...props} className={className ? `data-table ${className}` : "data-table"} tabIndex={0} />;
}
