import { describe, expect, it } from "vitest";
import publiclyAccessible from "./rds-publicly-accessible";
import unencrypted from "./rds-unencrypted";
import noBackups from "./rds-no-backups";
import noDeletionProtection from "./rds-no-deletion-protection";
import { ctx } from "../fixtures";
import { db, REGION } from "./fixtures";
import type { RdsInstance } from "@/lib/aws/rds/types";

const on = (instances: RdsInstance[]) => ctx({ rdsInstances: instances }, REGION);
const statuses = (results: { status: string }[]) => results.map((r) => r.status);

describe("rds_publicly_accessible", () => {
  it("fails a public instance and passes a private one", () => {
    const results = publiclyAccessible.evaluate(on([db("pub", { publiclyAccessible: true }), db("priv")]));
    expect(statuses(results)).toEqual(["fail", "pass"]);
    expect(results[0]).toMatchObject({
      resourceId: "arn:aws:rds:eu-west-1:111122223333:db:pub",
      resourceType: "AWS::RDS::DBInstance",
      evidence: { publiclyAccessible: true },
    });
  });
  it("has nothing to say without instances", () => {
    expect(publiclyAccessible.evaluate(on([]))).toEqual([]);
  });
});

describe("rds_unencrypted", () => {
  it("fails unencrypted storage and passes encrypted storage", () => {
    const results = unencrypted.evaluate(on([db("plain", { storageEncrypted: false }), db("enc")]));
    expect(statuses(results)).toEqual(["fail", "pass"]);
    expect(results[0]?.evidence).toMatchObject({ identifier: "plain", storageEncrypted: false });
  });
  it("has nothing to say without instances", () => {
    expect(unencrypted.evaluate(on([]))).toEqual([]);
  });
});

describe("rds_no_backups", () => {
  it("fails retention 0 and passes retention 1+", () => {
    const results = noBackups.evaluate(
      on([db("none", { backupRetentionPeriod: 0 }), db("one", { backupRetentionPeriod: 1 })]),
    );
    expect(statuses(results)).toEqual(["fail", "pass"]);
    expect(results[0]?.evidence).toMatchObject({ backupRetentionPeriod: 0 });
  });
  it("leaves cluster members and read replicas to their cluster or source", () => {
    const results = noBackups.evaluate(
      on([
        db("aurora-1", { engine: "aurora-postgresql", clusterIdentifier: "aurora", backupRetentionPeriod: 0 }),
        db("replica", { replicaSource: "primary", backupRetentionPeriod: 0 }),
      ]),
    );
    expect(statuses(results)).toEqual(["not_applicable", "not_applicable"]);
    expect(results[0]?.evidence).toMatchObject({ clusterIdentifier: "aurora" });
  });
});

describe("rds_no_deletion_protection", () => {
  it("fails an unprotected instance and passes a protected one", () => {
    const results = noDeletionProtection.evaluate(on([db("open", { deletionProtection: false }), db("safe")]));
    expect(statuses(results)).toEqual(["fail", "pass"]);
    expect(results[0]?.evidence).toMatchObject({ deletionProtection: false });
  });
  it("is not applicable to cluster members, whose flag lives on the cluster", () => {
    const results = noDeletionProtection.evaluate(
      on([db("aurora-1", { engine: "aurora-mysql", clusterIdentifier: "aurora", deletionProtection: false })]),
    );
    expect(statuses(results)).toEqual(["not_applicable"]);
  });
});
