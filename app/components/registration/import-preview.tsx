import { useTranslation } from "react-i18next";
import type { ImportRow } from "~/models/registration.server";
import { DataTable } from "~/components/ui/data-table";
import { NativeName } from "~/components/ui/bilingual-text";

/** The translation keys of the import's row problems. */
const ROW_PROBLEMS: Record<ImportRow["problems"][number], string> = {
  wrong_cell_count: "import.problems.wrongCellCount",
  cell_too_long: "import.problems.cellTooLong",
  control_characters: "import.problems.controlCharacters",
  missing_name: "import.problems.missingName",
  bad_email: "import.problems.badEmail",
  unknown_category: "import.problems.unknownCategory",
  unknown_country: "import.problems.unknownCountry",
  unknown_language: "import.problems.unknownLanguage",
  duplicate_row: "import.problems.duplicateRow",
  already_registered: "import.problems.alreadyRegistered",
};

/** What the import does with each row of the file: a new person, an existing one, or nothing and why. */
export function ImportPreviewTable({ rows, captionId }: { rows: ImportRow[]; captionId: string }) {
  const { t, i18n } = useTranslation("registration");
  return (
    <DataTable aria-labelledby={captionId}>
      <thead>
        <tr>
          <th scope="col">{t("import.row")}</th>
          <th scope="col">{t("import.name")}</th>
          <th scope="col">{t("import.email")}</th>
          <th scope="col">{t("import.outcome")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.line} className={row.outcome === "invalid" ? "row-invalid" : undefined}>
            <th scope="row">{row.line}</th>
            <td>
              {row.name}
              {row.nameNative ? (
                <>
                  {" "}
                  <NativeName name={row.nameNative} language={i18n.language} />
                </>
              ) : null}
            </td>
            <td>{row.email}</td>
            <td>
              {row.outcome === "create" ? t("import.willCreate") : null}
              {row.outcome === "reuse" && row.existingPerson ? t("import.willReuse", { name: row.existingPerson.name }) : null}
              {row.outcome === "invalid" ? (
                <>
                  <strong>{t("import.invalid")}</strong>
                  <ul className="field-errors">
                    {row.problems.map((problem) => (
                      <li key={problem}>{t(ROW_PROBLEMS[problem])}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
