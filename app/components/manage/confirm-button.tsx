import type { ReactNode } from "react";

/** A submit button that asks first when scripts run; without them it submits straight away. */
export function ConfirmButton({
  question,
  children,
  label,
  name,
  value,
  className = "danger",
}: {
  question: string;
  children: ReactNode;
  /** The accessible name when the visible text alone ("Delete") does not say what goes. */
  label?: string;
  name?: string;
  value?: string;
  className?: string;
}) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={className}
      aria-label={label}
      onClick={(event) => {
        if (!window.confirm(question)) event.preventDefault();
      }}
    >
      {children}
    </button>
  );
}
