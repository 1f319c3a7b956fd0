import { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import { AccountClient } from "@aws-sdk/client-account";
import { listAccessAnalyzers } from "@/lib/aws/inventory/accessanalyzer";
import { getAlternateContacts } from "@/lib/aws/inventory/account";
import {
  getAuthorizationDetails,
  getCredentialReport,
  getIamAccountSummary,
  getPasswordPolicy,
} from "@/lib/aws/inventory/iam";
import type { InventoryCollector } from "./types";

export const identityReaders: InventoryCollector[] = [
  {
    key: "iamAccountSummary",
    scope: "global",
    collect: ({ clients, signal }) => getIamAccountSummary(clients.iam(), signal),
  },
  {
    key: "iamCredentialReport",
    scope: "global",
    collect: ({ clients, signal }) => getCredentialReport(clients.iam(), signal),
  },
  {
    key: "iamAuthorizationDetails",
    scope: "global",
    collect: ({ clients, signal }) => getAuthorizationDetails(clients.iam(), signal),
  },
  {
    key: "iamPasswordPolicy",
    scope: "global",
    collect: ({ clients, signal }) => getPasswordPolicy(clients.iam(), signal),
  },
  {
    key: "accountAlternateContacts",
    scope: "global",
    collect: ({ clients, homeRegion, signal }) =>
      getAlternateContacts(clients.client(AccountClient, homeRegion), signal),
  },
  {
    key: "accessAnalyzers",
    scope: "regional",
    collect: ({ clients, region, signal }) => listAccessAnalyzers(clients.client(AccessAnalyzerClient, region), signal),
  },
];
