import type { AdvancedFieldSelector, TrailEventSelectors } from "@/lib/aws/cloudtrail/types";

// What a trail's event selectors record, basic or advanced, for the CloudTrail and S3 logging checks.

export type Coverage = { read: boolean; write: boolean };

// High-volume sources AWS lets a trail leave out of management events; leaving them out is not a gap.
const EXCLUDABLE = new Set(["kms.amazonaws.com", "rdsdata.amazonaws.com"]);

const field = (fs: AdvancedFieldSelector[], name: string) => fs.find((f) => f.field === name);

/** readOnly Equals ["true"] records reads only, ["false"] writes only; no readOnly field records both. */
function readWriteOf(fs: AdvancedFieldSelector[]): Coverage | null {
  const ro = field(fs, "readOnly");
  if (!ro) return { read: true, write: true };
  if (ro.equals?.length === 1)
    return ro.equals[0] === "true" ? { read: true, write: false } : { read: false, write: true };
  if (ro.notEquals?.length === 1)
    return ro.notEquals[0] === "true" ? { read: false, write: true } : { read: true, write: false };
  return null;
}

const basicRw = (t: string): Coverage => ({ read: t !== "WriteOnly", write: t !== "ReadOnly" });
const merge = (a: Coverage, b: Coverage): Coverage => ({ read: a.read || b.read, write: a.write || b.write });
const NONE: Coverage = { read: false, write: false };

/** Management events the selectors record from every source (kms and rdsdata may be left out). */
export function managementCoverage(sel: TrailEventSelectors): Coverage {
  let out = NONE;
  for (const b of sel.basic) {
    if (!b.includeManagementEvents) continue;
    if (b.excludeManagementEventSources.some((s) => !EXCLUDABLE.has(s))) continue;
    out = merge(out, basicRw(b.readWriteType));
  }
  for (const a of sel.advanced) {
    const fs = a.fieldSelectors;
    if (!field(fs, "eventCategory")?.equals?.includes("Management")) continue;
    const source = field(fs, "eventSource");
    if (source) {
      const narrowing =
        source.equals || source.startsWith || source.endsWith || source.notStartsWith || source.notEndsWith;
      if (narrowing || (source.notEquals ?? []).some((s) => !EXCLUDABLE.has(s))) continue;
    }
    if (fs.some((f) => !["eventCategory", "readOnly", "eventSource"].includes(f.field))) continue;
    const rw = readWriteOf(fs);
    if (rw) out = merge(out, rw);
  }
  return out;
}

/** Data events on every S3 object of every bucket (CIS object-level logging), reads and writes. */
export function s3ObjectCoverage(sel: TrailEventSelectors, partition: string): Coverage {
  let out = NONE;
  const everyBucket = (v: string) => v === `arn:${partition}:s3` || v === `arn:${partition}:s3:::`;
  for (const b of sel.basic) {
    if (b.dataResources.some((d) => d.type === "AWS::S3::Object" && d.values.some(everyBucket)))
      out = merge(out, basicRw(b.readWriteType));
  }
  for (const a of sel.advanced) {
    const fs = a.fieldSelectors;
    if (!field(fs, "eventCategory")?.equals?.includes("Data")) continue;
    if (!field(fs, "resources.type")?.equals?.includes("AWS::S3::Object")) continue;
    const arn = field(fs, "resources.ARN");
    if (arn && !(arn.startsWith ?? []).some(everyBucket)) continue;
    if (fs.some((f) => !["eventCategory", "resources.type", "resources.ARN", "readOnly"].includes(f.field))) continue;
    const rw = readWriteOf(fs);
    if (rw) out = merge(out, rw);
  }
  return out;
}
