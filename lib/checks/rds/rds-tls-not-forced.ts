import type { RdsInstance, RdsTlsParameter } from "@/lib/aws/rds/types";
import type { CheckResult } from "../types";
import { defineCheck } from "../types";

type Rule = {
  parameter: RdsTlsParameter;
  forced: (value: string) => boolean;
  /** Whether a listed parameter without a value is known to mean "not forced". */ unsetIsOff: boolean;
};

function ruleFor(engine: string): Rule | undefined {
  if (engine === "postgres" || engine.startsWith("sqlserver"))
    return { parameter: "rds.force_ssl", forced: (v) => v === "1", unsetIsOff: false };
  // MySQL and MariaDB default require_secure_transport to OFF; PostgreSQL's default depends on the version.
  if (engine === "mysql" || engine === "mariadb")
    return {
      parameter: "require_secure_transport",
      forced: (v) => ["on", "1"].includes(v.trim().toLowerCase()),
      unsetIsOff: true,
    };
  return undefined;
}

export default defineCheck({
  id: "rds_tls_not_forced",
  title: "RDS instance does not force TLS connections",
  description:
    "When the parameter group does not force TLS, clients may connect in plain text, exposing credentials and query results to anyone who can observe the network path.",
  severity: "high",
  service: "rds",
  scope: "regional",
  frameworks: [],
  remediation: {
    steps: [
      "Use a custom DB parameter group (default groups cannot be changed).",
      "PostgreSQL and SQL Server: set rds.force_ssl to 1. MySQL and MariaDB: set require_secure_transport to ON.",
      "Make sure clients trust the RDS CA bundle before applying; the parameter is dynamic for most engines, SQL Server needs a reboot.",
    ],
    cli: 'aws rds modify-db-parameter-group --db-parameter-group-name PARAMETER_GROUP \\\n  --parameters "ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=immediate"\n# MySQL/MariaDB: ParameterName=require_secure_transport,ParameterValue=ON',
    terraform:
      'resource "aws_db_parameter_group" "this" {\n  name   = "postgres16-tls"\n  family = "postgres16"\n  parameter {\n    name  = "rds.force_ssl"\n    value = "1"\n  }\n}\n\nresource "aws_db_instance" "this" {\n  # ...\n  parameter_group_name = aws_db_parameter_group.this.name\n}',
  },
  requires: ["rdsInstances", "rdsParameterGroups"],
  evaluate: ({ inventory }) => {
    const groups = inventory.rdsParameterGroups;
    return inventory.rdsInstances.flatMap((db: RdsInstance): CheckResult[] => {
      const base = { resourceId: db.arn, resourceType: "AWS::RDS::DBInstance" };
      const rule = ruleFor(db.engine);
      if (!rule)
        return [{ ...base, status: "not_applicable", evidence: { identifier: db.identifier, engine: db.engine } }];
      // A group or parameter that could not be read says nothing either way.
      const params = db.parameterGroup ? groups[db.parameterGroup] : undefined;
      const value = params?.[rule.parameter];
      if (value === undefined || (value === null && !rule.unsetIsOff)) return [];
      const evidence = {
        identifier: db.identifier,
        engine: db.engine,
        engineVersion: db.engineVersion,
        parameterGroup: db.parameterGroup,
        parameter: rule.parameter,
        value,
      };
      return [{ ...base, status: value !== null && rule.forced(value) ? "pass" : "fail", evidence }];
    });
  },
});
