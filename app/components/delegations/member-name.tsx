import { useTranslation } from "react-i18next";
import { NativeName } from "~/components/ui/bilingual-text";

/** A person's name in Latin script, followed by the name in its own script when there is one. */
export function MemberName({ name, nameNative }: { name: string; nameNative: string | null }) {
  const { i18n } = useTranslation();
  return (
    <>
      {name}
      {nameNative ? (
        <>
          {" "}
          (<NativeName name={nameNative} language={i18n.language} />)
        </>
      ) : null}
    </>
  );
}
