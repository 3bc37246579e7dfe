import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import draft06MetaSchema from "ajv/dist/refs/json-schema-draft-06.json";
import { validateXML } from "xmllint-wasm";

// The conference apps' own schemas (test/fixtures/interop): what Giggity, ConfClerk and c3voc's tools read.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/interop/${name}`, import.meta.url), "utf8");

const scheduleXsd = fixture("schedule.xml.xsd");

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addMetaSchema(draft06MetaSchema);
addFormats(ajv);
// The schema's own notes ("$oneOf" is a switched-off alternative, "$todo" a remark): they check nothing.
ajv.addKeyword("$oneOf");
ajv.addKeyword("$todo");
// CSS colours: the schema names the format without defining it.
ajv.addFormat("color", /^#[0-9a-fA-F]{6}$/);
const validateSchedule = ajv.compile(JSON.parse(fixture("schedule.schema.json")));

/** xmllint's complaints about a schedule.xml against frab's XSD; none when it is valid. */
export async function validateScheduleXml(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "schedule.xml", contents: xml }], schema: [scheduleXsd] });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

/** Where a schedule.json breaks c3voc's schema (draft-06, formats checked); none when it is valid. */
export function validateScheduleJson(json: string): string[] {
  if (validateSchedule(JSON.parse(json))) return [];
  return (validateSchedule.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`);
}
