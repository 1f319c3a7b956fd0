import type { z } from "zod";

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  in?: z.ZodType;
  innerType?: z.ZodType;
};
const def = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The fields a zod schema reads, nested ones dotted ("sensitiveDataTag.key"): every key of every
 * object, through unions, pipes, defaults and optionals. What the hostile suite must cover.
 */
export function schemaFields(schema: z.ZodType, prefix = ""): string[] {
  const d = def(schema);
  switch (d.type) {
    case "object":
      return Object.entries(d.shape ?? {}).flatMap(([key, field]) => [
        `${prefix}${key}`,
        ...schemaFields(field, `${prefix}${key}.`),
      ]);
    case "union":
      return [...new Set((d.options ?? []).flatMap((o) => schemaFields(o, prefix)))];
    case "pipe":
      return schemaFields(d.in!, prefix);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return schemaFields(d.innerType!, prefix);
    default:
      return [];
  }
}
