import { Readable } from "node:stream";
import { HttpResponse } from "@smithy/protocol-http";
import type { OrgModel, SimAccount } from "./org-model";

// What the simulated AWS answers, byte for byte in each service's wire protocol, so the real SDK
// deserializers (and their error parsing) run exactly as against AWS.

export type Service = "sts" | "organizations" | "iam" | "s3control" | "ec2";

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

let requestCounter = 0;
const requestId = () => `bench-${(requestCounter += 1).toString(16).padStart(8, "0")}`;

function respond(statusCode: number, contentType: string, body: string): { response: HttpResponse } {
  const id = requestId();
  return {
    response: new HttpResponse({
      statusCode,
      headers: {
        "content-type": contentType,
        "x-amzn-requestid": id,
        "x-amz-request-id": id,
        "content-length": String(Buffer.byteLength(body)),
      },
      body: Readable.from([Buffer.from(body)]),
    }),
  };
}

const xml = (statusCode: number, body: string) => respond(statusCode, "text/xml", body);
const json = (statusCode: number, body: unknown) =>
  respond(statusCode, "application/x-amz-json-1.1", JSON.stringify(body));

/** An awsQuery error (STS, IAM). */
function queryError(statusCode: number, code: string, message: string, type: "Sender" | "Receiver" = "Sender") {
  return xml(
    statusCode,
    `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  );
}

/** An ec2Query error. */
function ec2Error(statusCode: number, code: string, message: string) {
  return xml(
    statusCode,
    `<Response><Errors><Error><Code>${code}</Code><Message>${escape(message)}</Message></Error></Errors><RequestID>${requestId()}</RequestID></Response>`,
  );
}

/** A restXml error as S3 sends it. */
function s3Error(statusCode: number, code: string, message: string) {
  return xml(
    statusCode,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escape(message)}</Message><RequestId>${requestId()}</RequestId><HostId>bench</HostId></Error>`,
  );
}

/** An awsJson1_1 error (Organizations). */
function jsonError(statusCode: number, type: string, message: string) {
  return json(statusCode, { __type: type, Message: message });
}

/** The error each service answers when it throttles a caller. */
export function throttled(service: Service) {
  switch (service) {
    case "ec2":
      return ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
    case "iam":
    case "sts":
      return queryError(400, "Throttling", "Rate exceeded");
    case "s3control":
      return s3Error(503, "SlowDown", "Please reduce your request rate.");
    case "organizations":
      return jsonError(
        400,
        "TooManyRequestsException",
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
      );
  }
}

/** Answers for requests the simulation does not expect (they are counted as protocol errors). */
export function unexpected(service: Service, what: string) {
  const message = `bench: unexpected request: ${what}`;
  switch (service) {
    case "ec2":
      return ec2Error(400, "InvalidAction", message);
    case "iam":
    case "sts":
      return queryError(400, "InvalidAction", message);
    case "s3control":
      return s3Error(400, "InvalidRequest", message);
    case "organizations":
      return jsonError(400, "InvalidInputException", message);
  }
}

export const ec2AuthFailure = (region: string) =>
  ec2Error(
    401,
    "AuthFailure",
    `AWS was not able to validate the provided access credentials (region ${region} is not enabled).`,
  );
export const ec2BadToken = (token: string) =>
  ec2Error(400, "InvalidPaginationToken", `The pagination token ${token} is invalid.`);
export const accessDenied = (service: Service, message: string) =>
  service === "s3control"
    ? s3Error(403, "AccessDenied", message)
    : service === "ec2"
      ? ec2Error(403, "UnauthorizedOperation", message)
      : queryError(403, "AccessDenied", message);

// ---- STS

export function assumeRole(account: SimAccount, roleArn: string, sessionName: string, expiresAt: Date) {
  const roleName = roleArn.split("/").pop() ?? "role";
  return xml(
    200,
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
      `<Credentials><AccessKeyId>${accessKeyFor(account.id)}</AccessKeyId><SecretAccessKey>bench-secret-${account.id}</SecretAccessKey>` +
      `<SessionToken>bench-session-${account.id}</SessionToken><Expiration>${expiresAt.toISOString()}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROABENCH${account.id}:${escape(sessionName)}</AssumedRoleId>` +
      `<Arn>arn:aws:sts::${account.id}:assumed-role/${escape(roleName)}/${escape(sessionName)}</Arn></AssumedRoleUser>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}

/** Role credentials name their account: "ASIA" + the 12-digit id, so every later call can be attributed. */
export const accessKeyFor = (accountId: string) => `ASIA${accountId}`;
export const accountOfAccessKey = (accessKeyId: string) => /^ASIA(\d{12})$/.exec(accessKeyId)?.[1];

// ---- Organizations

const epoch = Date.UTC(2020, 0, 1) / 1000;

export function describeOrganization(org: OrgModel) {
  return json(200, {
    Organization: {
      Id: org.organizationId,
      Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.organizationId}`,
      FeatureSet: "ALL",
      MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${org.managementAccountId}`,
      MasterAccountId: org.managementAccountId,
      MasterAccountEmail: org.accountList[0]!.email,
      AvailablePolicyTypes: [],
    },
  });
}

const accountJson = (org: OrgModel, a: SimAccount) => ({
  Id: a.id,
  Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${a.id}`,
  Email: a.email,
  Name: a.name,
  Status: "ACTIVE",
  State: "ACTIVE",
  JoinedMethod: a.id === org.managementAccountId ? "INVITED" : "CREATED",
  JoinedTimestamp: epoch + a.index * 86_400,
});

export const accountsPage = (org: OrgModel, accounts: SimAccount[], nextToken: string | undefined) =>
  json(200, { Accounts: accounts.map((a) => accountJson(org, a)), ...(nextToken ? { NextToken: nextToken } : {}) });

export const listRoots = (org: OrgModel) =>
  json(200, {
    Roots: [
      {
        Id: org.rootId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.organizationId}/${org.rootId}`,
        Name: "Root",
        PolicyTypes: [],
      },
    ],
  });

export const ousPage = (org: OrgModel, ous: { id: string; name: string }[]) =>
  json(200, {
    OrganizationalUnits: ous.map((ou) => ({
      Id: ou.id,
      Name: ou.name,
      Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.organizationId}/${ou.id}`,
    })),
  });

export const tagsOf = (a: SimAccount) =>
  json(200, {
    Tags: [
      { Key: "Environment", Value: a.environment },
      { Key: "Owner", Value: `team-${a.index % 7}` },
    ],
  });

export const organizationsNotFound = (what: string) => jsonError(400, "TargetNotFoundException", `${what} not found`);

// ---- IAM

export function accountSummary(a: SimAccount) {
  const map: Record<string, number> = {
    AccountMFAEnabled: a.mfa ? 1 : 0,
    AccountAccessKeysPresent: 0,
    AccountSigningCertificatesPresent: 0,
    Users: 3 + (a.index % 5),
    Groups: 2,
    Roles: 12,
    Policies: 8,
    MFADevices: a.mfa ? 1 : 0,
    MFADevicesInUse: a.mfa ? 1 : 0,
    UsersQuota: 5000,
    GroupsQuota: 300,
    RolesQuota: 1000,
  };
  const entries = Object.entries(map)
    .map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`)
    .join("");
  return xml(
    200,
    `<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>${entries}</SummaryMap>` +
      `</GetAccountSummaryResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></GetAccountSummaryResponse>`,
  );
}

// ---- S3 Control

export function publicAccessBlock(a: SimAccount) {
  if (!a.publicAccessBlock)
    return s3Error(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
  return xml(
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">` +
      `<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>` +
      `<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
  );
}

// ---- EC2

const EC2_NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';

export function describeRegions(enabled: readonly string[], notOptedIn: readonly string[]) {
  const item = (name: string, status: string) =>
    `<item><regionName>${name}</regionName><regionEndpoint>ec2.${name}.amazonaws.com</regionEndpoint><optInStatus>${status}</optInStatus></item>`;
  const items = [
    ...enabled.map((r) => item(r, "opt-in-not-required")),
    ...notOptedIn.map((r) => item(r, "not-opted-in")),
  ].join("");
  return xml(
    200,
    `<DescribeRegionsResponse ${EC2_NS}><requestId>${requestId()}</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`,
  );
}

export type SimGroup = { groupId: string; name: string; openSsh: boolean };

function groupXml(ownerId: string, g: SimGroup): string {
  const rule = g.openSsh
    ? `<item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp><description>ssh from anywhere</description></item></ipRanges><ipv6Ranges/><prefixListIds/></item>`
    : `<item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><groups/><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>`;
  return (
    `<item><ownerId>${ownerId}</ownerId><groupId>${g.groupId}</groupId><groupName>${g.name}</groupName><groupDescription>bench group ${g.name}</groupDescription>` +
    `<vpcId>vpc-0bench${ownerId.slice(-4)}</vpcId><ipPermissions>${rule}</ipPermissions>` +
    `<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress></item>`
  );
}

export function securityGroupsPage(ownerId: string, groups: SimGroup[], nextToken: string | undefined) {
  return xml(
    200,
    `<DescribeSecurityGroupsResponse ${EC2_NS}><requestId>${requestId()}</requestId><securityGroupInfo>${groups.map((g) => groupXml(ownerId, g)).join("")}</securityGroupInfo>` +
      `${nextToken ? `<nextToken>${nextToken}</nextToken>` : ""}</DescribeSecurityGroupsResponse>`,
  );
}
