import type { InventoryReader } from "../inventory";
import {
  getAuthorizationDetails,
  getCredentialReport,
  getIamAccountSummary,
  getPasswordPolicy,
  listServerCertificates,
} from "./iam";

export const iamReaders: InventoryReader[] = [
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
    key: "iamServerCertificates",
    scope: "global",
    collect: ({ clients, signal }) => listServerCertificates(clients.iam(), signal),
  },
];
